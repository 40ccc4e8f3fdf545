// Follows one workload until it settles, printing each version: node watch.js <workload id>
'use strict';
const { ExplorerClient, NextAction, nextActionName } = require('@zos-explorer/client');

async function main() {
  const client = new ExplorerClient(process.env.EXPLORER_URL || 'http://localhost:8080');
  const id = Number(process.argv[2]);
  const done = (w) =>
    [NextAction.Invalid, NextAction.Deleted].includes(w.next_action) ||
    (w.next_action === NextAction.Deploy && w.result.epoch > 0);
  for await (const w of client.watchWorkload(id, done)) {
    console.log(`${new Date().toISOString()} ${nextActionName(w.next_action)} ${w.result.message}`);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
