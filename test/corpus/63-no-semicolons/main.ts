// Case 31 (F), derived: code written without semicolons (`standard` style). The directive
// prologue of a file and of function bodies, and the top-level super() call of a derived
// constructor, end at a line break instead of a semicolon; the instrumented prologue that goes
// right after them must not run into them.
import standard from './standard.cjs'
import { Dog, strictArrow } from './typed'

const { strictThis, twoDirectives, directiveOnly, directiveAndComment } = standard

console.log('label:', standard.label)
console.log('strictThis (detached call):', strictThis())
console.log('twoDirectives (detached call):', JSON.stringify(twoDirectives(1, 2)))
console.log('directiveOnly:', directiveOnly())
console.log('directiveAndComment:', directiveAndComment())
const d = new standard.Derived('base', 'extra')
console.log('Derived:', d.describe(), Object.keys(d).join(','))
const f = new standard.DerivedWithField()
console.log('DerivedWithField:', f.after, Object.keys(f).join(','))
const dog = new Dog('rex', ['roll'])
console.log('Dog:', dog.show(), Object.keys(dog).join(','))
console.log('strictArrow:', strictArrow())
