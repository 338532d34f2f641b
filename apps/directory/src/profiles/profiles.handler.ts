import { Controller } from '@nestjs/common';
import { GetMyProfile } from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { ProfilesService } from './profiles.service';

@Controller()
export class ProfilesHandler {
  constructor(private readonly profiles: ProfilesService) {}

  @RpcHandler(GetMyProfile)
  getMine(@RpcMeta() meta: RequestMeta) {
    return this.profiles.getMine(requireUser(meta));
  }
}
