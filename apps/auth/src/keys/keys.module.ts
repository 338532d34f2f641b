import { Module } from '@nestjs/common';
import { KeysHandler } from './keys.handler';
import { KeysService } from './keys.service';
import { TokenIssuer } from './token-issuer';

@Module({
  controllers: [KeysHandler],
  providers: [KeysService, TokenIssuer],
  exports: [TokenIssuer],
})
export class KeysModule {}
