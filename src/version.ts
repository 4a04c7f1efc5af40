// The package version, read once from package.json (shipped alongside dist/).

import { fileURLToPath } from 'node:url';
import { readPackageJson } from './package-json.js';

export const PACKAGE_VERSION: string =
  readPackageJson(fileURLToPath(new URL('..', import.meta.url)))?.version ?? '0.0.0';
