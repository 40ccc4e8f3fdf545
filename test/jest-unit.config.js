const common = require('./jest-common');
module.exports = {
  ...common,
  displayName: 'unit',
  roots: ['<rootDir>/libs', '<rootDir>/apps'],
  testRegex: '\\.spec\\.ts$',
};
