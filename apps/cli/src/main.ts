import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { version as CLI_VERSION } from '../../../package.json';
import { Context, describeFailure, EXIT, GlobalOptions } from './context';
import { OutputStreams } from './output';
import { directoryCommands } from './commands/directory';
import { farmCommands } from './commands/farm';
import { identityCommands } from './commands/identity';
import { poolCommands } from './commands/pool';
import { reservationCommands } from './commands/reservation';
import { userCommands } from './commands/user';
import { workloadCommands } from './commands/workload';

/** Runs a command with the given context factory: the last commander argument is the command. */
export type Register = (
  parent: Command,
  run: <A extends unknown[]>(
    fn: (ctx: Context, ...args: A) => Promise<number | void>,
  ) => (...args: unknown[]) => Promise<void>,
) => void;

/** Parses `argv` (without node and script) and runs the command; resolves to the exit code. */
export async function run(argv: string[], streams: OutputStreams): Promise<number> {
  let exitCode: number = EXIT.ok;
  let ctx: Context | null = null;
  const program = new Command('explorer')
    .description(
      'Command line of the 0-OS explorer: identities, phonebook, farms, nodes, pools, workloads, reservations',
    )
    .version(CLI_VERSION)
    .option('--url <url>', 'explorer base URL (default: $EXPLORER_URL or http://localhost:8080)')
    .option('--json', 'print JSON for scripts instead of tables')
    .option('-q, --quiet', 'print only ids (of what was created or listed), one a line')
    .option('--identity <file>', 'key file (default: $EXPLORER_IDENTITY or ~/.explorer/identity.json)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)');

  const runner: Parameters<Register>[1] =
    (fn) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      ctx = new Context(command.optsWithGlobals<GlobalOptions>(), streams);
      exitCode = (await fn(ctx, ...(args.slice(0, -1) as never))) ?? EXIT.ok;
    };
  for (const register of [
    identityCommands,
    userCommands,
    farmCommands,
    directoryCommands,
    poolCommands,
    workloadCommands,
    reservationCommands,
  ]) {
    register(program, runner);
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander prints its own errors before throwing; a parser error raised inside an action is ours to print.
    if (error instanceof CommanderError && !(error instanceof InvalidArgumentError)) {
      // --help and --version end with exit code 0; everything else commander rejects is usage.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const failure =
      error instanceof InvalidArgumentError
        ? { message: error.message, exitCode: EXIT.usage }
        : describeFailure(error);
    const out = (ctx as Context | null)?.out;
    if (out) out.error(failure.message);
    else streams.stderr.write(`error: ${failure.message}\n`);
    return failure.exitCode;
  }
}
