import * as barrel from './barrel';
export class Service {
  run() {
    return `${barrel.fromA()} / ${barrel.readA()}`;
  }
  keys() {
    return Object.keys(barrel).sort().join(',');
  }
}
export const registeredAtInit = typeof barrel.helperB;
