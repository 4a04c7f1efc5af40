export const named = function inner(x: number) {
  return x * 2;
};
let anon = function (x: number) {
  return x + 1;
};
var arrow = (x: number) => {
  return x - 1;
};
const concise = (x: number) => x * x;
const asyncArrow = async (x: number) => {
  await null;
  return x;
};
export { anon, arrow, concise, asyncArrow };
