// Plain-JavaScript ES5 patterns (derived): `X.prototype.m = function`, constructor functions,
// prototype inheritance by hand, `Object.defineProperty` methods, static functions assigned
// to constructors, and what `for...in` sees (enumerable prototype methods are listed).

function Animal(name) {
  this.name = name;
}
Animal.prototype.speak = function () {
  return this.name + ' makes a sound';
};
Animal.prototype.named = function namedMethod() {
  return 'named ' + this.name;
};
Animal.create = function (name) {
  return new Animal(name);
};
Object.defineProperty(Animal.prototype, 'hidden', {
  value: function () {
    return 'hidden ' + this.name;
  },
  enumerable: false,
  writable: true,
  configurable: true,
});

function Dog(name) {
  Animal.call(this, name);
  this.tricks = [];
}
Dog.prototype = Object.create(Animal.prototype);
Dog.prototype.constructor = Dog;
Dog.prototype.speak = function () {
  return Animal.prototype.speak.call(this) + ' (woof)';
};
Dog.prototype.learn = function (trick) {
  this.tricks.push(trick);
  return this;
};

var counter = {
  count: 0,
  increment: function () {
    return ++this.count;
  },
};

const d = new Dog('rex');
console.log(d.speak());
console.log(d.named(), d.hidden(), Animal.create('cat').speak());
console.log('learn chain:', d.learn('sit').learn('roll') === d, d.tricks.join(','));
console.log('instanceof:', d instanceof Dog, d instanceof Animal, Object.getPrototypeOf(Dog.prototype) === Animal.prototype);
console.log('names:', JSON.stringify([Animal.prototype.speak.name, Animal.prototype.named.name, Animal.create.name, Dog.prototype.learn.name, Animal.prototype.hidden.name, counter.increment.name]));
console.log('lengths:', Animal.length, Dog.length, Dog.prototype.learn.length);
const keys = [];
for (const k in d) keys.push(k);
console.log('for...in:', keys.join(','));
console.log('own keys:', Object.keys(d).join(','), 'prototype own keys:', Object.keys(Dog.prototype).join(','));
console.log('counter:', counter.increment(), counter.increment());
const callAsFunction = Animal.prototype.speak.call({ name: 'borrowed' });
console.log('borrowed:', callAsFunction);
