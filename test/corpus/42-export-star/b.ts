export const beta = 'beta';
export class Bb {
  b() {
    return 'Bb.b';
  }
}
