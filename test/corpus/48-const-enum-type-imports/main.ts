// Case 48 (H): single-file transpile hazards: a `const enum` declared in another file is used
// here, and imports used only as types (`import type`, inline `type`, or a class used only in
// type positions) must not load their modules.
import { loadedModules } from './loaded';
import { Stability, Flags, Level } from './enums';
import type { Request, Handler } from './types';
import { OnlyAsType } from './types';
import { type Shape, realValue } from './mixed';

const handler: Handler = (req: Request) => `handled ${req.path}`;
const shape: Shape = { kind: 'circle' };
const typed: OnlyAsType | undefined = undefined;

function stabilityOf(optIn: string): Stability {
  return optIn === 'http/dup' ? Stability.Duplicate : optIn === 'http' ? Stability.Stable : Stability.Old;
}

console.log('const enum values:', Stability.Old, Stability.Stable, stabilityOf('http/dup'), stabilityOf(''));
console.log('const enum flags:', Flags.None, Flags.Read | Flags.Write, Flags.ReadWrite, (Flags.ReadWrite & Flags.Write) !== 0);
console.log('regular enum:', Level.Info, Level[11], JSON.stringify(Level));
console.log('values:', handler({ path: '/x' }), shape.kind, typed, realValue);
console.log('loaded modules:', loadedModules.join(', '));
