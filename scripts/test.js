#!/usr/bin/env node
// The whole suite: typecheck, lint, format check, then the unit, integration and e2e jest tiers.
// `--db-only` runs just the tiers that touch PostgreSQL (CI's second pass against DATABASE_URL).
// Ends with one "N passed, N failed" line summing every tier.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

process.env.TZ = 'UTC';
const dbOnly = process.argv.includes('--db-only');
const out = mkdtempSync(join(tmpdir(), 'explorer-test-'));
let passed = 0;
let failed = 0;
let ok = true;

function run(label, cmd, args) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (res.status !== 0) ok = false;
  return res.status === 0;
}

function jest(tier, extra = []) {
  const file = join(out, `${tier}.json`);
  run(`jest ${tier}`, 'npx', [
    'jest',
    '-c',
    `test/jest-${tier}.config.js`,
    '--json',
    `--outputFile=${file}`,
    ...extra,
  ]);
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites || 0);
    if (report.numTotalTests === 0) ok = false;
  } catch {
    failed += 1;
  }
}

if (!dbOnly) {
  run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  run('lint', 'npx', [
    'eslint',
    '--max-warnings',
    '0',
    'apps',
    'libs',
    'test',
    'migrations',
    'scripts/bench',
  ]);
  run('format', 'npx', [
    'prettier',
    '--check',
    'apps/**/*.ts',
    'libs/**/*.ts',
    'test/**/*.ts',
    'migrations/**/*.ts',
    'scripts/**/*.ts',
  ]);
  jest('unit');
}
jest('integration', ['--runInBand']);
jest('e2e', ['--runInBand']);

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(ok && failed === 0 ? 0 : 1);
