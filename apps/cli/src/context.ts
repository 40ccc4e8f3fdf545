import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ExplorerClient,
  ExplorerError,
  ExplorerUnreachableError,
  Identity,
  loadNode,
  loadUser,
  NodeIdentity,
} from '@app/client';
import { Output, OutputStreams } from './output';

/** Exit codes scripts can rely on (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** Anything unexpected (a bug). */
  failure: 1,
  /** Bad command line, bad spec file, missing identity. */
  usage: 2,
  /** The explorer refused the request (4xx other than 404). */
  rejected: 3,
  notFound: 4,
  /** The explorer could not be reached or answered 5xx. */
  unavailable: 5,
  /** `workload watch`: the workload ended `invalid`, or deleted after a failed deployment. */
  workloadFailed: 6,
  /** `workload watch --timeout`: still not settled. */
  timeout: 7,
} as const;

/** A problem the user can fix, reported in one sentence with a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

export interface GlobalOptions {
  url?: string;
  json?: boolean;
  quiet?: boolean;
  identity?: string;
}

export const DEFAULT_URL = 'http://localhost:8080';

export class Context {
  readonly out: Output;
  readonly client: ExplorerClient;
  readonly identityPath: string;

  constructor(
    options: GlobalOptions,
    readonly streams: OutputStreams,
  ) {
    this.out = new Output(options.json === true, streams, options.quiet === true);
    this.client = new ExplorerClient(options.url ?? streams.env.EXPLORER_URL ?? DEFAULT_URL);
    this.identityPath =
      options.identity ?? streams.env.EXPLORER_IDENTITY ?? join(homedir(), '.explorer', 'identity.json');
  }

  /** The user identity of the key file; `registered` requires a tid (after `user register`). */
  user(registered = true): Identity {
    const identity = this.load(() => loadUser(this.identityPath));
    if (registered && identity.tid === 0)
      throw new CliError(
        `${this.identityPath} is not registered yet: run "explorer user register --name <name>"`,
      );
    return identity;
  }

  node(): NodeIdentity {
    return this.load(() => loadNode(this.identityPath));
  }

  private load<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw new CliError(`${(error as Error).message} (create one with "explorer identity new")`);
    }
  }
}

/** Maps any failure to its message and exit code. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ExplorerUnreachableError)
    return { message: error.message, exitCode: EXIT.unavailable };
  if (error instanceof ExplorerError) {
    const exitCode =
      error.status === 404 ? EXIT.notFound : error.status >= 500 ? EXIT.unavailable : EXIT.rejected;
    return { message: `the explorer answered ${error.status}: ${error.error}`, exitCode };
  }
  return {
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    exitCode: EXIT.failure,
  };
}
