// esbuild does not implement `emitDecoratorMetadata` (NestJS-style DI and TypeORM's column types
// depend on it), so a decorated file of a project that asks for it goes through TypeScript's own
// emit first. That emit needs the types: `design:type` of a property typed with an enum, a type
// alias or an interface is what the declaration *is* (`String`, `Number`, `Object`), and an import
// used only as such a type is elided. A file transpiled on its own cannot know that, so it emits
// `typeof X === "function" ? X : Object` and keeps the import, which fails to link when `X` is no
// value. So the files are emitted from one program over the project, as tsc emits them; the
// program sees each decorated file as rewritten, and the two source maps (instts's edits,
// TypeScript's emit) are composed back to the original.

import remapping from '@jridgewell/remapping';
import fs from 'node:fs';
import path from 'node:path';
import ts from '../typescript.cjs';

/** The text a project file has in the program (its rewrite), or undefined for the text on disk. */
export type ProgramText = (file: string) => string | undefined;

interface CachedFile {
  text: string;
  sourceFile: ts.SourceFile;
}

/**
 * Emits decorated files as tsc does, from one program per build. `rootNames` are the project's
 * files (tsconfig `files`/`include`); a file outside them is added. Call `startBuild()` before each
 * build: the texts of project files are read again, and the last program is reused where it can be.
 */
export class DecoratorEmitter {
  private readonly options: ts.CompilerOptions;
  private readonly rootNames: string[];
  private readonly programText: ProgramText;
  private readonly host: ts.CompilerHost;
  private readonly files = new Map<string, CachedFile>();
  private program: ts.Program | undefined;
  private oldProgram: ts.Program | undefined;

  constructor(options: ts.CompilerOptions, rootNames: readonly string[], programText: ProgramText) {
    this.options = emitOptions(options);
    this.rootNames = rootNames.map((f) => path.resolve(f));
    this.programText = programText;
    const host = ts.createCompilerHost(this.options, true);
    host.getSourceFile = (fileName, languageVersion) => this.sourceFile(fileName, languageVersion);
    this.host = host;
  }

  startBuild(): void {
    if (this.program) this.oldProgram = this.program;
    this.program = undefined;
  }

  emit(file: string, inputMap: object | undefined): string {
    const absolute = path.resolve(file);
    let program = this.programFor(absolute);
    let sourceFile = program.getSourceFile(absolute);
    if (!sourceFile) {
      this.rootNames.push(absolute);
      this.startBuild();
      program = this.programFor(absolute);
      sourceFile = program.getSourceFile(absolute);
    }
    let js = '';
    let mapText = '{}';
    program.emit(sourceFile, (name, text) => {
      if (name.endsWith('.map')) mapText = text;
      else if (/\.[cm]?js$/.test(name)) js = text;
    });
    return withMap(absolute, js, mapText, inputMap);
  }

  private programFor(file: string): ts.Program {
    if (!this.program) {
      const rootNames = this.rootNames.includes(file) ? this.rootNames : [...this.rootNames, file];
      this.program = ts.createProgram({
        rootNames,
        options: this.options,
        host: this.host,
        oldProgram: this.oldProgram,
      });
      this.oldProgram = undefined;
    }
    return this.program;
  }

  /** Declaration files and TypeScript's libs are read once; project files every build. */
  private sourceFile(
    fileName: string,
    languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions,
  ): ts.SourceFile | undefined {
    const key = path.resolve(fileName);
    const cached = this.files.get(key);
    const stable = key.endsWith('.d.ts') || key.includes(`${path.sep}node_modules${path.sep}`);
    if (cached && stable) return cached.sourceFile;
    let text = this.programText(key);
    if (text === undefined) {
      try {
        text = fs.readFileSync(key, 'utf8');
      } catch {
        return undefined;
      }
    }
    if (cached && cached.text === text) return cached.sourceFile;
    const sourceFile = ts.createSourceFile(fileName, text, languageVersion, false);
    this.files.set(key, { text, sourceFile });
    return sourceFile;
  }
}

/** The project's options, emitting ES module JavaScript with a source map and nothing else. */
function emitOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  const resolution = options.moduleResolution;
  const nodeResolution =
    resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext;
  return {
    ...options,
    module: ts.ModuleKind.ESNext,
    // Node16/NodeNext resolution is only allowed with the module kind of the same name; Bundler
    // resolves the same relative `.js` specifiers and package exports.
    ...(nodeResolution ? { moduleResolution: ts.ModuleResolutionKind.Bundler } : {}),
    target: options.target ?? ts.ScriptTarget.ES2022,
    sourceMap: true,
    inlineSourceMap: false,
    inlineSources: true,
    declaration: false,
    declarationMap: false,
    composite: false,
    incremental: false,
    tsBuildInfoFile: undefined,
    noEmit: false,
    noEmitOnError: false,
    emitDeclarationOnly: false,
    outDir: undefined,
    outFile: undefined,
    out: undefined,
    rootDir: undefined,
    sourceRoot: undefined,
    mapRoot: undefined,
    noCheck: true,
  } as ts.CompilerOptions;
}

function withMap(file: string, js: string, mapText: string, inputMap: object | undefined): string {
  const base = path.basename(file);
  let map: object = JSON.parse(mapText) as object;
  if (inputMap) {
    // Only the top level: the input map's own source is the original file, which has no map.
    map = remapping(map as never, (source, ctx) =>
      ctx.depth === 1 && path.basename(source) === base ? (inputMap as never) : null,
    );
  }
  const text = js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  const encoded = Buffer.from(JSON.stringify(map)).toString('base64');
  return `${text}//# sourceMappingURL=data:application/json;charset=utf-8;base64,${encoded}\n`;
}
