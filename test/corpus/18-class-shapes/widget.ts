export default class Widget {
  static registry: string[] = [];
  static {
    Widget.registry.push('static block ran');
  }
  static #secretCount = 0;
  static register(name: string) {
    Widget.#secretCount++;
    Widget.registry.push(name);
    return Widget.#secretCount;
  }
  render() {
    return '<widget>';
  }
}
