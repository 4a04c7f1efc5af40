// Types of scripts/schema-types.mjs, for the test that checks the generated files.
export function generatedFiles(): Promise<Array<{ path: string; text: string }>>;
