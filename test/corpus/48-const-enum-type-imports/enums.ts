export const enum Stability {
  Old = 'old',
  Stable = 'stable',
  Duplicate = 'stable/dup',
}
export const enum Flags {
  None = 0,
  Read = 1 << 0,
  Write = 1 << 1,
  ReadWrite = Read | Write,
}
export enum Level {
  Debug = 10,
  Info,
  Warn,
}
