import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/config';
import { SignatureVerifier } from './signature-verifier.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** keyId of a verified HTTP signature: decimal tid (user) or base58 node id (node). */
    signer?: string;
  }
}

@Injectable()
export class UserSignatureGuard implements CanActivate {
  constructor(private readonly verifier: SignatureVerifier) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    req.signer = String(await this.verifier.verifyUser(req));
    return true;
  }
}

@Injectable()
export class NodeSignatureGuard implements CanActivate {
  constructor(private readonly verifier: SignatureVerifier) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    req.signer = await this.verifier.verifyNode(req);
    return true;
  }
}

/** Settings that let old clients leave a request unsigned. */
export type UnsignedAllowance = 'ALLOW_UNSIGNED_WORKLOAD_CREATE' | 'ALLOW_UNSIGNED_FARM_REGISTRATION';
const UNSIGNED_ALLOWANCE = 'explorer:unsigned-allowance';

/**
 * Like UserSignatureGuard, but with the handler's allowance set a request without `Authorization` passes
 * unsigned (a signature that is present is still verified).
 */
@Injectable()
export class UserSignatureUnlessAllowedGuard implements CanActivate {
  constructor(
    private readonly verifier: SignatureVerifier,
    private readonly reflector: Reflector,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const allowance = this.reflector.get<UnsignedAllowance>(UNSIGNED_ALLOWANCE, context.getHandler());
    if (this.config[allowance] && req.headers.authorization === undefined) return true;
    req.signer = String(await this.verifier.verifyUser(req));
    return true;
  }
}

const signatureDocs = () =>
  applyDecorators(
    ApiHeader({
      name: 'Authorization',
      description: 'Signature keyId=...,algorithm="ed25519",headers="(created) date threebot-id",...',
    }),
    ApiUnauthorizedResponse({ description: 'missing or invalid HTTP signature' }),
  );

/** The request must carry a valid HTTP signature of a phonebook user (keyId = tid). */
export const SignedByUser = () => applyDecorators(UseGuards(UserSignatureGuard), signatureDocs());
/** A valid HTTP signature of a phonebook user, unless `allowance` is on and the request is unsigned. */
export const SignedByUserUnless = (allowance: UnsignedAllowance) =>
  applyDecorators(
    SetMetadata(UNSIGNED_ALLOWANCE, allowance),
    UseGuards(UserSignatureUnlessAllowedGuard),
    signatureDocs(),
  );
/** The request must carry a valid HTTP signature of a node or gateway (keyId = node id). */
export const SignedByNode = () => applyDecorators(UseGuards(NodeSignatureGuard), signatureDocs());

/** The verified signer's tid (after SignedByUser). */
export const SignerTid = createParamDecorator((_: unknown, ctx: ExecutionContext): number =>
  Number(ctx.switchToHttp().getRequest<FastifyRequest>().signer),
);
/** The verified signer's tid, null for an allowed unsigned request (after SignedByUserUnless). */
export const OptionalSignerTid = createParamDecorator((_: unknown, ctx: ExecutionContext): number | null => {
  const signer = ctx.switchToHttp().getRequest<FastifyRequest>().signer;
  return signer === undefined ? null : Number(signer);
});
/** The verified signer's node id (after SignedByNode). */
export const SignerNodeId = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  String(ctx.switchToHttp().getRequest<FastifyRequest>().signer),
);
/** The raw request, for optional signatures on reads. */
export const Req = createParamDecorator((_: unknown, ctx: ExecutionContext): FastifyRequest =>
  ctx.switchToHttp().getRequest<FastifyRequest>(),
);
