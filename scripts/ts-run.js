#!/usr/bin/env node
'use strict';
// Runs a TypeScript entry point of this repository from source: ts-node (transpile only) plus the
// @app/<lib> -> libs/<lib>/src aliases of tsconfig.json, which ts-node does not read itself.
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');

function registerTypeScript(project = path.join(root, 'tsconfig.json')) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const match = /^@app\/([a-z]+)$/.exec(request);
    return resolve.call(this, match ? path.join(root, 'libs', match[1], 'src') : request, ...rest);
  };
  require('ts-node').register({ transpileOnly: true, project });
}

module.exports = { registerTypeScript };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node scripts/ts-run.js <file.ts> [args...]\n');
    process.exit(2);
  }
  registerTypeScript();
  process.argv = [process.argv[0], entry, ...args];
  require(path.resolve(entry));
}
