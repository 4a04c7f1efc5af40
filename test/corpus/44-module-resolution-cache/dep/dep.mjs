import shared from '#shared';
shared.loads.push('dep.mjs');
export function whoami() {
  return 'dep.mjs (import condition)';
}
