#!/usr/bin/env node
'use strict';
// Runs a TypeScript entry point of this repository from source: each .ts file is transpiled once
// (TypeScript's transpileModule, no type check) and cached by content under node_modules/.cache, and
// the @app/<lib> aliases of tsconfig.json resolve to libs/<lib>/src. Used by the `explorer` bin before
// `npm run build` and by `npm run demo`.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules/.cache/explorer-ts');
const COMPILER_OPTIONS = {
  module: 'commonjs',
  target: 'es2022',
  esModuleInterop: true,
  resolveJsonModule: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  sourceMap: false,
  inlineSourceMap: true,
};

let typescript = null;
function transpile(source, filename) {
  typescript ??= require('typescript');
  const { options } = typescript.convertCompilerOptionsFromJson(COMPILER_OPTIONS, root);
  return typescript.transpileModule(source, { compilerOptions: options, fileName: filename }).outputText;
}

function registerTypeScript() {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const match = /^@app\/([a-z]+)$/.exec(request);
    return resolve.call(this, match ? path.join(root, 'libs', match[1], 'src') : request, ...rest);
  };
  const salt = JSON.stringify(COMPILER_OPTIONS) + require('typescript/package.json').version;
  require.extensions['.ts'] = function (module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const key = crypto.createHash('sha256').update(salt).update(filename).update(source).digest('hex');
    const cached = path.join(cacheDir, `${key}.js`);
    let code;
    try {
      code = fs.readFileSync(cached, 'utf8');
    } catch {
      code = transpile(source, filename);
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        fs.writeFileSync(`${cached}.${process.pid}`, code);
        fs.renameSync(`${cached}.${process.pid}`, cached);
      } catch {
        // A read-only checkout still runs, only slower.
      }
    }
    module._compile(code, filename);
  };
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
