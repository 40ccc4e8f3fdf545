import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { assertUnreachable, DomainError, ErrorKind } from '@app/domain';
import { HttpSignatureError, wwwAuthenticate } from '@app/crypto';
import { WireError } from '@app/wire';
import type { FastifyReply } from 'fastify';
import { isDatabaseUnavailable } from '@app/persistence';

export function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'bad_request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'payment_required':
      return 402;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'unavailable':
      return 503;
    default:
      return assertUnreachable(kind);
  }
}

/** The database limits that make a request give up (README "Configuration"). */
export type DatabaseTimeout = 'acquire' | 'statement' | 'idle_in_transaction';

const TIMEOUT_MESSAGES: Record<DatabaseTimeout, string> = {
  acquire: 'database busy: no connection became free in time, retry later',
  statement: 'database busy: a statement took too long and was cancelled, retry later',
  idle_in_transaction:
    'database busy: a transaction stalled or lost its connection and was aborted, retry later',
};

export function databaseTimeoutOf(error: unknown): DatabaseTimeout | null {
  if (!(error instanceof Error)) return null;
  const code = String(
    (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code,
  );
  if (/timeout exceeded when trying to connect/i.test(error.message)) return 'acquire';
  if (code === '57014' && /statement timeout/i.test(error.message)) return 'statement';
  // The server ends an idle transaction's session; TypeORM then releases the transaction's runner.
  if (code === '25P03' || error.name === 'QueryRunnerAlreadyReleasedError') return 'idle_in_transaction';
  return null;
}

/** Responses that gave up on a database limit, for the metric (per app: tests boot several). */
const timedOut = new WeakMap<object, DatabaseTimeout>();

export function databaseTimeoutOfResponse(reply: FastifyReply): DatabaseTimeout | undefined {
  return timedOut.get(reply.raw);
}

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The one mapping from anything thrown to a status and a `{"error": ...}` body. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof DomainError)
    return { status: statusOf(error.kind), body: { error: error.message, ...error.extra } };
  if (error instanceof WireError) return { status: 400, body: { error: error.message } };
  if (error instanceof HttpSignatureError) {
    return {
      status: 401,
      body: { error: error.message },
      headers: { 'WWW-Authenticate': wwwAuthenticate(error.requiredHeaders) },
    };
  }
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? error.message);
    return { status: error.getStatus(), body: { error: message } };
  }
  const fastifyStatus = (error as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { status: fastifyStatus, body: { error: (error as Error).message } };
  }
  const timeout = databaseTimeoutOf(error);
  if (timeout) return { status: 503, body: { error: TIMEOUT_MESSAGES[timeout] } };
  if (isDatabaseUnavailable(error)) return { status: 503, body: { error: 'database unavailable' } };
  return { status: 500, body: { error: 'internal server error' } };
}

const logger = new Logger('Errors');

/** Where the errors behind 5xx answers go (the app reports database outages once per transition). */
export interface ServerErrorLog {
  report(error: unknown, status: number): void;
}

export const logWithStack = (error: unknown): void =>
  logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));

const STACK_LOG: ServerErrorLog = { report: logWithStack };

export function sendError(reply: FastifyReply, error: unknown, log: ServerErrorLog = STACK_LOG): void {
  const { status, body, headers } = toErrorResponse(error);
  const timeout = databaseTimeoutOf(error);
  if (timeout) timedOut.set(reply.raw, timeout);
  if (status >= 500) log.report(error, status);
  if (headers) void reply.headers(headers);
  void reply.status(status).type('application/json').send(JSON.stringify(body));
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  /** `observe` sees every error before it is mapped (metrics); `log` gets the errors behind 5xx. */
  constructor(
    private readonly observe: (error: unknown) => void = () => undefined,
    private readonly log: ServerErrorLog = STACK_LOG,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    this.observe(error);
    sendError(host.switchToHttp().getResponse<FastifyReply>(), error, this.log);
  }
}
