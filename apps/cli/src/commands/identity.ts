import { Identity, NodeIdentity, saveIdentity } from '@app/client';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, Context } from '../context';
import type { Register } from '../main';

export function describeIdentity(ctx: Context, identity: Identity | NodeIdentity) {
  return identity instanceof NodeIdentity
    ? { kind: 'node', node_id: identity.nodeId, pubkey: identity.pubkeyHex, file: ctx.identityPath }
    : { kind: 'user', tid: identity.tid, pubkey: identity.pubkeyHex, file: ctx.identityPath };
}

function show(ctx: Context, identity: Identity | NodeIdentity): void {
  const view = describeIdentity(ctx, identity);
  ctx.out.result(view, () =>
    ctx.out.fields(
      Object.entries(view).map(([k, v]) => [k, k === 'tid' && v === 0 ? '(not registered)' : v]),
    ),
  );
}

export const identityCommands: Register = (program, run) => {
  const group = program.command('identity').description('key files: a user (by tid) or a node (by node id)');

  group
    .command('new')
    .description('generate an ed25519 key and save it (0600); the secret is never printed')
    .option('--node', 'a node/gateway key instead of a user key')
    .option('--force', 'overwrite an existing key file')
    .action(
      run(async (ctx, opts: { node?: boolean; force?: boolean }) => {
        if (existsSync(ctx.identityPath) && !opts.force)
          throw new CliError(`${ctx.identityPath} exists; pass --force to replace it (its key is lost)`);
        const identity = opts.node ? NodeIdentity.generate() : Identity.generate();
        mkdirSync(dirname(ctx.identityPath), { recursive: true });
        saveIdentity(ctx.identityPath, identity, true);
        show(ctx, identity);
      }),
    );

  group
    .command('show')
    .description('who the key file is: kind, tid or node id, public key')
    .action(
      run(async (ctx) => {
        try {
          show(ctx, ctx.user(false));
        } catch {
          show(ctx, ctx.node());
        }
      }),
    );
};
