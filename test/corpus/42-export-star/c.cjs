exports.gamma = 'gamma from CommonJS';
exports.fc = function () {
  return 'fc';
};
