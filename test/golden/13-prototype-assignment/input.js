export function Legacy(name) {
  if (!(this instanceof Legacy)) return new Legacy(name);
  this.name = name;
}

Legacy.prototype.greet = function (greeting) {
  return greeting + ', ' + this.name;
};

Legacy.prototype['say-bye'] = function () {
  return 'bye ' + this.name;
};

Legacy.create = function (name) {
  return new Legacy(name);
};
