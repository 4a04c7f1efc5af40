import { record } from './loaded';
record('mixed.ts');
export interface Shape {
  kind: string;
}
export const realValue = 'real value from mixed.ts';
