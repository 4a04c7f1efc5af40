// esbuild does not implement `emitDecoratorMetadata` (NestJS-style DI depends on it), so a
// decorated file of a project that asks for it goes through TypeScript's own transform first.
// The two source maps (instts's edits, TypeScript's emit) are composed back to the original.

import remapping from '@jridgewell/remapping';
import path from 'node:path';
import ts from '../typescript.cjs';

export function transpileDecoratedFile(
  file: string,
  code: string,
  inputMap: object | undefined,
  options: ts.CompilerOptions,
): string {
  const base = path.basename(file);
  const output = ts.transpileModule(code, {
    fileName: file,
    compilerOptions: {
      ...options,
      module: ts.ModuleKind.ESNext,
      target: options.target ?? ts.ScriptTarget.ES2022,
      sourceMap: true,
      inlineSourceMap: false,
      inlineSources: true,
      declaration: false,
      declarationMap: false,
      noEmit: false,
      emitDeclarationOnly: false,
      outDir: undefined,
      outFile: undefined,
      sourceRoot: undefined,
      mapRoot: undefined,
    },
  });
  let map: object = JSON.parse(output.sourceMapText ?? '{}') as object;
  if (inputMap) {
    // Only the top level: the input map's own source is the original file, which has no map.
    map = remapping(map as never, (source, ctx) =>
      ctx.depth === 1 && path.basename(source) === base ? (inputMap as never) : null,
    );
  }
  const text = output.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  const encoded = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${text}//# sourceMappingURL=data:application/json;charset=utf-8;base64,${encoded}\n`;
}
