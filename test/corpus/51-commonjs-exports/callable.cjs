// A module whose export is a function with properties (like `debug` or `express`).
function createApp(name) {
  return { name: name, started: false };
}
createApp.version = '4.0.0';
createApp.Router = function Router() {
  return 'router';
};
module.exports = createApp;
module.exports.default = createApp;
