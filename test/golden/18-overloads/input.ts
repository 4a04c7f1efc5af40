export function parse(input: string): number;
export function parse(input: number): string;
export function parse(input: string | number): number | string {
  return typeof input === 'string' ? Number(input) : String(input);
}

export class Parser {
  parse(input: string): number;
  parse(input: number): string;
  parse(input: any): any {
    return input;
  }
}
