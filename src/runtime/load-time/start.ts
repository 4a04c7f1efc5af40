// The module the build's entry points import first (bundled as `__instts__/load-time.js`):
// installs load-time instrumentation from the folder it was written to.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installLoadTimeInstrumentation } from './install.js';

declare const __INSTTS_CJS__: boolean;

// The build defines __INSTTS_CJS__: CommonJS output has __dirname, ES module output import.meta.
installLoadTimeInstrumentation(
  __INSTTS_CJS__ ? __dirname : path.dirname(fileURLToPath(import.meta.url)),
  !__INSTTS_CJS__,
);
