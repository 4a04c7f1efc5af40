import { record } from './loaded';
record('types.ts (must not load: imported only for types)');
export interface Request {
  path: string;
}
export type Handler = (req: Request) => string;
export class OnlyAsType {
  n = 1;
}
