import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SignatureVerifier } from '../auth/signature-verifier.service';
import { AppConfig } from '../config/config';

/**
 * decisions.md §2.5: creates carry the customer's HTTP signature; with ALLOW_UNSIGNED_WORKLOAD_CREATE a
 * request without one passes (a signature that is present is still verified).
 */
@Injectable()
export class CustomerSignatureGuard implements CanActivate {
  constructor(
    private readonly verifier: SignatureVerifier,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.config.ALLOW_UNSIGNED_WORKLOAD_CREATE && req.headers.authorization === undefined) return true;
    req.signer = String(await this.verifier.verifyUser(req));
    return true;
  }
}

/** The verified customer's tid, null for an allowed unsigned create. */
export const OptionalSignerTid = createParamDecorator((_: unknown, ctx: ExecutionContext): number | null => {
  const signer = ctx.switchToHttp().getRequest<FastifyRequest>().signer;
  return signer === undefined ? null : Number(signer);
});
