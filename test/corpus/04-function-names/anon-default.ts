// An anonymous default export. ECMAScript names it "default"; a bundle may not (see README).
export default function (a: number, b: number) {
  return a + b;
}
