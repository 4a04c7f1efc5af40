// A policy file for an in-process test: written to a temporary folder and named by INSTTS_POLICY
// (which the runtime reads once, at the first governed call).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PolicyFile {
  file: string;
  /** Unsets INSTTS_POLICY and removes the folder. */
  remove(): void;
}

export function usePolicyFile(prefix: string, policy: unknown): PolicyFile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const file = path.join(dir, 'policy.json');
  fs.writeFileSync(file, JSON.stringify(policy));
  process.env.INSTTS_POLICY = file;
  return {
    file,
    remove(): void {
      delete process.env.INSTTS_POLICY;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
