export class C {}
export class D {}

(C.prototype as any).m = function () {
  return 'C.m';
};

(D as any).prototype.m = function () {
  return 'D.m';
};

(D.prototype!).n = function () {
  return 'D.n';
};

(<any>D).prototype.o = function () {
  return 'D.o';
};

((D as any).prototype satisfies object as any).p = function () {
  return 'D.p';
};

((D.prototype as any).q as unknown) = function () {
  return 'D.q';
};
