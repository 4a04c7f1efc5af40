export function exportedFn() {}
export const exportedArrow = () => {};
export class ExportedClass {
  method() {}
}
export default function namedDefault() {
  return 'namedDefault';
}
