// Output is written only when the whole build succeeded, and atomically per file: everything is
// first written next to its target under a temporary name, then renamed into place. A failure
// before the renames leaves the previous output exactly as it was.

import fs from 'node:fs';
import path from 'node:path';

export interface OutputFile {
  path: string;
  contents: Uint8Array | string;
}

export async function writeOutputsAtomically(files: readonly OutputFile[]): Promise<void> {
  const suffix = `.instts-${process.pid}-${Date.now()}.tmp`;
  const staged: Array<[string, string]> = [];
  try {
    for (const file of files) {
      await fs.promises.mkdir(path.dirname(file.path), { recursive: true });
      const temporary = file.path + suffix;
      await fs.promises.writeFile(temporary, file.contents);
      staged.push([temporary, file.path]);
    }
  } catch (error) {
    await Promise.all(staged.map(([temporary]) => fs.promises.rm(temporary, { force: true })));
    throw error;
  }
  for (const [temporary, target] of staged) await fs.promises.rename(temporary, target);
}
