const common = require('./jest-common');
module.exports = {
  ...common,
  displayName: 'integration',
  roots: ['<rootDir>/test/integration'],
  testRegex: '\\.integration-spec\\.ts$',
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
};
