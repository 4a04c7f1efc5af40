export { handler as renamedHandler } from './lib';
export * from './lib';
