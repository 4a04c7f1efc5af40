// @types/express is not installed: the part of express 4 and 5 the hello worlds use.
declare module 'express' {
  import type { Server } from 'node:http';
  interface Response {
    json(body: unknown): void;
  }
  interface Application {
    get(path: string, handler: (req: unknown, res: Response) => void): void;
    listen(port: number, host: string, ready: () => void): Server;
  }
  function express(): Application;
  export default express;
}

// express 5, installed under the alias `express5`: the same surface.
declare module 'express5' {
  export { default } from 'express';
}
