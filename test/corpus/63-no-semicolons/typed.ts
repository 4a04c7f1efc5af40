'use strict'
// A TypeScript module without semicolons: file directive, derived constructors with parameter
// properties and code after super(), and an arrow body with a directive.

export class Animal {
  constructor (readonly kind: string) {}
}

export class Dog extends Animal {
  constructor (readonly name: string, private readonly tricks: string[] = []) {
    super('dog')
    this.tricks.push('sit')
  }

  show (): string {
    return `${this.kind} ${this.name}: ${this.tricks.join(', ')}`
  }
}

export const strictArrow = (): string => {
  'use strict'
  return 'arrow with a directive'
}
