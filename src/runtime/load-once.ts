// A module the hooks reach on demand (governance/access.ts, lanes/access.ts): loaded on the first
// call, and tried only once: a module that cannot be loaded is not looked for again on every
// call, and its failure is handled (said) once.

/** `load()` on the first call, its result from then on; its error again if it failed. */
export function loadOnce<T>(load: () => T, onFailure: (error: unknown) => void = () => {}): () => T {
  let loaded: { value: T } | undefined;
  let failure: { error: unknown } | undefined;
  return () => {
    if (loaded !== undefined) return loaded.value;
    if (failure !== undefined) throw failure.error;
    try {
      loaded = { value: load() };
      return loaded.value;
    } catch (error) {
      failure = { error };
      onFailure(error);
      throw error;
    }
  };
}
