import { Controller } from '@nestjs/common';
import { GetJwks } from '@roster/contracts';
import { RpcHandler } from '@roster/messaging';
import { KeysService } from './keys.service';

@Controller()
export class KeysHandler {
  constructor(private readonly keys: KeysService) {}

  @RpcHandler(GetJwks)
  jwks() {
    return this.keys.jwks();
  }
}
