import { Global, Module } from '@nestjs/common';
import { NodeSignatureGuard, UserSignatureGuard, UserSignatureUnlessAllowedGuard } from './signed.decorators';
import { ReplayDetector } from './replay-detector';
import { SignatureVerifier } from './signature-verifier.service';

@Global()
@Module({
  providers: [
    SignatureVerifier,
    ReplayDetector,
    UserSignatureGuard,
    UserSignatureUnlessAllowedGuard,
    NodeSignatureGuard,
  ],
  exports: [
    SignatureVerifier,
    ReplayDetector,
    UserSignatureGuard,
    UserSignatureUnlessAllowedGuard,
    NodeSignatureGuard,
  ],
})
export class AuthModule {}
