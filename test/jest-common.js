// Shared jest settings: the @app/* mapper (kept in step with tsconfig paths) and the ts-jest transform.
const path = require('path');
// Every tier runs in UTC, whatever the machine's zone: dates in fixtures and views must not drift.
process.env.TZ = 'UTC';
const root = path.resolve(__dirname, '..');
const libs = ['wire', 'crypto', 'domain', 'persistence', 'client'];
module.exports = {
  rootDir: root,
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Transpile only (type checking is the typecheck step's job).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }] },
  moduleNameMapper: Object.fromEntries(libs.map((l) => [`^@app/${l}$`, `<rootDir>/libs/${l}/src`])),
  testEnvironment: 'node',
};
