import { mark } from './trace';
mark('types-only (must not be loaded: only types are imported from it)');
export interface Options {
  verbose: boolean;
}
export class OnlyUsedAsType {
  x = 1;
}
