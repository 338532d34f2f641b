// Manifest checks for deploy/ (kustomize renders and docker-compose.yml), on the shared Jest preset.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'deploy',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};
