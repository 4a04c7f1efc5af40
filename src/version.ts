// The package version, read once from package.json (shipped alongside dist/).

import fs from 'node:fs';

export const PACKAGE_VERSION: string = (() => {
  try {
    return (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
