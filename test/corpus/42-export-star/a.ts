export const alpha = 'alpha';
export function fa() {
  return 'fa';
}
export default 'default of a (never re-exported by export *)';
