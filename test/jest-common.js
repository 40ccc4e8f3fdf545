// Shared jest settings: the @app/* mapper (kept in step with tsconfig paths) and the swc transform.
const path = require('path');
const root = path.resolve(__dirname, '..');
const libs = ['wire', 'crypto', 'domain', 'persistence', 'client'];
module.exports = {
  rootDir: root,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', JSON.parse(require('fs').readFileSync(path.join(root, '.swcrc'), 'utf8'))] },
  // Pure-ESM dependencies that Node 20 loads through require(esm) but jest's runtime cannot.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  moduleNameMapper: Object.fromEntries(libs.map((l) => [`^@app/${l}$`, `<rootDir>/libs/${l}/src`])),
  testEnvironment: 'node',
};
