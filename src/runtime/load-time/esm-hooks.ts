// module.register() hooks (they run on Node's loader thread): ES module package files are
// replaced by the build's instrumented copies. CommonJS is left to the compile wrapper.

import { fileURLToPath } from 'node:url';
import { LoadTimePatches } from './manifest.js';

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context: unknown) => Promise<LoadResult>;

let patches: LoadTimePatches | undefined;

export function initialize(data: { supportDir: string }): void {
  patches = LoadTimePatches.read(data.supportDir);
}

export async function load(url: string, context: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  if (patches === undefined || result.format !== 'module' || !url.startsWith('file:') || result.source == null)
    return result;
  try {
    const raw = result.source;
    const source =
      typeof raw === 'string'
        ? raw
        : ArrayBuffer.isView(raw)
          ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8')
          : Buffer.from(raw).toString('utf8');
    const patched = patches.patchFor(fileURLToPath(url), source, 'module');
    return patched === undefined ? result : { ...result, source: patched };
  } catch {
    return result;
  }
}
