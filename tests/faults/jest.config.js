// Fault tests (npm run test:faults): the platform on its own Postgres cluster and nats-server, with
// faults injected while clients record every request. One platform for the whole file, tests in order.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'faults',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.fault-spec.ts'],
  testTimeout: 120_000,
};
