// @types/express is not installed: the part of express 4 the hello world uses.
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
