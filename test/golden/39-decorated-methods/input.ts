function log(_target: object, _key: string, descriptor: PropertyDescriptor) {
  return descriptor;
}

export class Service {
  @log
  find(id: string) {
    return id;
  }

  @log
  static create() {
    return new Service();
  }
}
