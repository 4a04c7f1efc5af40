export const loadedModules: string[] = [];
export function record(name: string) {
  loadedModules.push(name);
}
