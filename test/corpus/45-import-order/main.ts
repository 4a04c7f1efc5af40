// Case 45 (G): module evaluation order follows import order, even when the "SDK" module is
// imported last; type-only imports load nothing; modules see the SDK when they look it up at
// call time (not at import time). Printing the order makes any reordering visible.
import { evaluated, mark } from './trace';
import { work, sdkSeenAtImport } from './a';
import { b } from './b';
import type { Options } from './types-only';
import { OnlyUsedAsType } from './types-only';
import './side-effect.cjs';
import { sdkRecords } from './sdk';

mark('main body');
const opts: Options = { verbose: true };
const typed: OnlyUsedAsType | null = null;
console.log('evaluation order:', evaluated.join(' -> '));
console.log('sdk seen by a.ts at import time:', sdkSeenAtImport);
console.log('a.work at call time:', work(), '| b:', b(), '| records:', sdkRecords());
console.log('type-only values:', JSON.stringify(opts), typed);
