import { saveIdentity, User } from '@app/client';
import { CliError, Context } from '../context';
import type { Register } from '../main';
import { integer } from '../options';

function showUser(ctx: Context, user: User): void {
  ctx.out.result(user, () =>
    ctx.out.fields([
      ['tid', user.id],
      ['name', user.name],
      ['email', user.email || '(hidden: sign the request with a registered identity)'],
      ['pubkey', user.pubkey],
      ['host', user.host],
      ['description', user.description],
    ]),
  );
}

export const userCommands: Register = (program, run) => {
  const group = program.command('user').description('the phonebook: register and look up users');

  group
    .command('register')
    .description("register the key file's public key in the phonebook; the tid is saved into the key file")
    .requiredOption('--name <name>', 'unique user name, e.g. alice.3bot')
    .option('--email <email>', 'contact address (shown only to signed requests)', '')
    .action(
      run(async (ctx, opts: { name: string; email: string }) => {
        const identity = ctx.user(false);
        if (identity.tid !== 0)
          throw new CliError(`${ctx.identityPath} is already registered as tid ${identity.tid}`);
        const user = await ctx.client.registerUser(identity, { name: opts.name, email: opts.email });
        saveIdentity(ctx.identityPath, identity, true);
        showUser(ctx, user);
      }),
    );

  group
    .command('show')
    .argument('[tid]', 'user id (default: yours)', integer)
    .description('a phonebook entry')
    .action(
      run(async (ctx, tid: number | undefined) => {
        const me = tid === undefined ? ctx.user() : tryUser(ctx);
        showUser(ctx, await ctx.client.getUser(tid ?? me!.tid, me ?? undefined));
      }),
    );
};

/** The caller's registered identity when there is one (signed reads reveal emails). */
export function tryUser(ctx: Context) {
  try {
    return ctx.user();
  } catch {
    return null;
  }
}
