import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignatureHeader, signingString } from '@app/crypto';
import { encodeCapacityReservationData } from '@app/wire';
import {
  deleteMessage,
  farmerMessage,
  hashChallenge,
  provisionMessage,
  refuseMessage,
  workloadChallenge,
} from '@app/crypto';
import { Identity, NodeIdentity } from './identity';
import { volume } from './workloads';

/** Every worked example of docs/signing.md, recomputed with the SDK: the page must quote these exact bytes. */
describe('docs/signing.md worked examples', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/signing.md'), 'utf8');
  const user = new Identity(7, new Uint8Array(32).fill(1));
  const node = new NodeIdentity(new Uint8Array(32).fill(2));
  const created = 1600000000;
  const quoted = (text: string) => expect(doc).toContain(text);

  it('keys', () => {
    quoted(`\`${user.pubkeyHex}\``);
    quoted(`\`${node.nodeId}\``);
  });

  it('HTTP signature with request-target and digest, and the old three-entry form', () => {
    const body = '{"name":"my-farm"}';
    const url = '/api/v1/farms/3';
    const realNow = Date.now;
    Date.now = () => created * 1000;
    try {
      const headers = user.signRequest('PUT', url, body);
      const text = signingString(parseSignatureHeader(headers.authorization)!, {
        method: 'PUT',
        url,
        headers,
      });
      quoted(`\`\`\`\n${text}\n\`\`\``);
      quoted(
        `Authorization: ${headers.authorization}\nDate: ${headers.date}\nThreebot-Id: 7\nDigest: ${headers.digest}\n`,
      );
      const old = user.httpHeaders('PUT', url);
      quoted(
        `\`${signingString(parseSignatureHeader(old.authorization)!, { method: 'PUT', url, headers: old }).replaceAll('\n', '\\n')}\``,
      );
      quoted(`\`signature="${/signature="([^"]+)"/.exec(old.authorization)![1]}"\``);
    } finally {
      Date.now = realNow;
    }
  });

  const w = volume(
    { node_id: node.nodeId, pool_id: 12, customer_tid: 7, epoch: created, description: 'backup disk' },
    10,
    1,
  );

  it('customer signature of a workload', () => {
    quoted(`challenge:       ${workloadChallenge(w)}\n`);
    quoted(`sha256:          ${hashChallenge(w).toString('hex')}\n`);
    quoted(`customer_signature: ${user.signWorkload(w).customer_signature}\n`);
  });

  it('provision, delete, farmer and refuse signatures', () => {
    for (const [purpose, message] of [
      ['provision', provisionMessage],
      ['delete', deleteMessage],
      ['farmer', farmerMessage],
      ['refuse', refuseMessage],
    ] as const) {
      const bytes = message(w, 7);
      quoted(
        `${purpose.padEnd(11)}sha256: ${bytes.toString('hex')}\n           signature: ${user.signHex(bytes)}\n`,
      );
    }
    expect(user.provision(w).signature).toBe(user.signHex(provisionMessage(w, 7)));
  });

  it('capacity reservation, node result, phonebook update', () => {
    const json = encodeCapacityReservationData({
      pool_id: 0,
      cus: 360000,
      sus: 360000,
      node_ids: [node.nodeId],
      currencies: ['TFT'],
    });
    quoted(`json:               ${json}\ncustomer_signature: ${user.signCapacity(json)}\n`);
    const result = { state: 1 as const, message: '', data_json: '{"volume_id":"42-1"}' };
    const bytes = Buffer.concat([
      Buffer.from([result.state]),
      Buffer.from(result.message),
      Buffer.from(result.data_json),
    ]);
    quoted(`bytes (hex): ${bytes.toString('hex')}\nsignature:   ${node.signResult(result)}\n`);
    const message = `7alicealice@example.com${user.pubkeyHex}`;
    quoted(`message:   ${message}\nsignature: ${user.signHex(Buffer.from(message))}\n`);
  });
});
