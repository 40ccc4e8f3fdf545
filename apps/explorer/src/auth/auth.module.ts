import { Global, Module } from '@nestjs/common';
import { NodeSignatureGuard, UserSignatureGuard } from './signed.decorators';
import { SignatureVerifier } from './signature-verifier.service';

@Global()
@Module({
  providers: [SignatureVerifier, UserSignatureGuard, NodeSignatureGuard],
  exports: [SignatureVerifier, UserSignatureGuard, NodeSignatureGuard],
})
export class AuthModule {}
