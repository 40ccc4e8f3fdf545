// A whole round trip against an explorer: a farmer with a farm and a node, a customer with a pool,
// a volume that the node deploys, then deletes. Run: EXPLORER_URL=http://localhost:8080 node deploy-volume.js
'use strict';
const {
  ExplorerClient,
  Identity,
  NodeIdentity,
  NextAction,
  nextActionName,
  volume,
} = require('@zos-explorer/client');

async function main() {
  const client = new ExplorerClient(process.env.EXPLORER_URL || 'http://localhost:8080');
  const suffix = Date.now().toString(36);

  // Users: a key pair each, registered in the phonebook (the tid lands in identity.tid).
  const farmer = Identity.generate();
  const customer = Identity.generate();
  await client.registerUser(farmer, { name: `farmer-${suffix}`, email: 'farmer@example.com' });
  await client.registerUser(customer, { name: `customer-${suffix}`, email: 'customer@example.com' });

  // The farmer's farm and one 0-OS node on it (here the example plays the node too).
  const farmId = await client.registerFarm(farmer, {
    name: `farm-${suffix}`,
    wallet_addresses: [{ asset: 'TFT', address: 'GEXAMPLE' }],
    location: { country: 'Belgium', city: 'Ghent' },
  });
  const node = NodeIdentity.generate();
  await client.registerNode(node, {
    farm_id: farmId,
    os_version: 'v2.0.0',
    location: { country: 'Belgium', city: 'Ghent' },
  });
  await client.reportCapacity(node, { capacity: { cru: 4, mru: 16, hru: 1000, sru: 200 } });
  await client.reportUptime(node, 60);

  // The customer pays for capacity on that node, then reserves a 1 GiB volume.
  const pool = await client.reserveCapacity(customer, {
    cus: 3600 * 100,
    sus: 3600 * 100,
    node_ids: [node.nodeId],
  });
  const id = await client.createWorkload(
    customer,
    volume({ node_id: node.nodeId, pool_id: pool.reservation_id, customer_tid: customer.tid }, 1),
  );
  console.log(`workload ${id}: ${nextActionName((await client.getWorkload(id)).next_action)}`);

  // The node polls its work, "deploys" and reports a signed result.
  const work = await client.poll(node.nodeId, 0);
  for (const w of work.workloads)
    await client.reportResult(node, w, { state: 1, data: { volume_id: `vol-${w.id}` } });
  const deployed = await client.getWorkload(id);
  console.log(`workload ${id}: ${nextActionName(deployed.next_action)}, result ${deployed.result.data_json}`);

  // The customer deletes it; the node removes it and confirms; we wait for the change.
  const before = await client.getVersionedWorkload(id);
  await client.signDelete(customer, id);
  const changed = await client.waitForChange(id, before.etag, 10);
  console.log(`workload ${id}: ${nextActionName(changed.workload.next_action)}`);
  const again = await client.poll(node.nodeId, 0);
  for (const w of again.workloads)
    if (w.next_action === NextAction.Delete) await client.confirmDeletion(node, w);
  const history = await client.workloadHistory(id);
  console.log(`history: ${history.map((h) => nextActionName(h.to)).join(' -> ')}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
