import { mark } from './trace';
mark('a');
// Captured at import time: the SDK is not installed yet because it is imported last.
export const sdkSeenAtImport = typeof (globalThis as any).__corpusSdk;
export function work() {
  const sdk = (globalThis as any).__corpusSdk;
  return sdk ? sdk.record('a.work') : 'no sdk at call time';
}
