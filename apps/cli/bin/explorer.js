#!/usr/bin/env node
'use strict';
// `explorer` command: runs the compiled CLI when built (npm run build), otherwise the TypeScript
// source (transpiled once and cached by scripts/ts-run.js), so `npx explorer` works right after `npm ci`.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const compiled = path.join(root, 'dist/apps/cli/src/main.js');
const source = path.join(root, 'apps/cli/src/main.ts');

function fromSource() {
  require(path.join(root, 'scripts/ts-run.js')).registerTypeScript();
  return require(source);
}

function load() {
  const preferSource = process.env.EXPLORER_CLI_FROM_SOURCE === '1' || !fs.existsSync(compiled);
  if (!preferSource) return require(compiled);
  try {
    require.resolve('typescript');
  } catch {
    process.stderr.write(
      'error: the CLI is not built and TypeScript is not installed: run "npm run build"\n',
    );
    process.exit(1);
  }
  return fromSource();
}

load()
  .run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then((code) => {
    process.exitCode = code;
  });
