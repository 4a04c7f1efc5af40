// Defines at run time what main.ts only declares.
(globalThis as any).__CORPUS_BUILD__ = 'build-42';
export {};
