export class Handlers {
  prefix = 'p';
  onClick = (event: string) => this.prefix + event;
  onKey = async (key: string) => {
    return this.prefix + key;
  };
  static make = () => new Handlers();
}
