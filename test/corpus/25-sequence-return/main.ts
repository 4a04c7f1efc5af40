// Case 25 (C): `return (a, b)` returns the last operand and evaluates each operand exactly once.

let x = 0;
let calls = 0;
const trace: string[] = [];
function side(tag: string) {
  calls++;
  trace.push(tag);
  return tag;
}

function assignThenY() {
  let y = 'y';
  return (x = 1), y;
}
function parenthesized() {
  return (x = 10, side('p'));
}
function increments() {
  return x++, x++, x;
}
function threeCalls() {
  return side('a'), side('b'), side('c');
}
function inTernary(flag: boolean) {
  return flag ? (side('t1'), 'T') : (side('f1'), 'F');
}
function voidSeq() {
  return void side('void');
}
function templateSeq() {
  return `${(side('tpl'), calls)}`;
}
const arrowSeq = () => (side('arrow'), 'arrow-result');
function commaInLoopHeader() {
  let i, j;
  for (i = 0, j = 10; i < j; i += 4, j -= 1);
  return (i, j);
}

console.log('assignThenY:', assignThenY(), 'x =', x);
console.log('parenthesized:', parenthesized(), 'x =', x, 'calls =', calls);
console.log('increments:', increments(), 'x =', x);
console.log('threeCalls:', threeCalls(), 'calls =', calls);
console.log('inTernary:', inTernary(true), inTernary(false), 'calls =', calls);
console.log('voidSeq:', voidSeq(), 'calls =', calls);
console.log('templateSeq:', templateSeq(), 'calls =', calls);
console.log('arrowSeq:', arrowSeq(), 'calls =', calls);
console.log('commaInLoopHeader:', commaInLoopHeader());
console.log('trace:', trace.join(','));
