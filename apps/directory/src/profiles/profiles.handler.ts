import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DeleteMyPicture,
  GetMyPicture,
  GetMyProfile,
  GetPublicPicture,
  GetPublicProfile,
  SetMyPicture,
  SetMyPictureRequest,
  UpdateMyProfile,
  UpdateMyProfileRequest,
  UserIdRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { ProfilesService } from './profiles.service';

@Controller()
export class ProfilesHandler {
  constructor(private readonly profiles: ProfilesService) {}

  @RpcHandler(GetMyProfile)
  getMine(@RpcMeta() meta: RequestMeta) {
    return this.profiles.getMine(requireUser(meta));
  }

  @RpcHandler(UpdateMyProfile)
  updateMine(@Payload() request: UpdateMyProfileRequest, @RpcMeta() meta: RequestMeta) {
    return this.profiles.updateMine(requireUser(meta), request);
  }

  @RpcHandler(GetPublicProfile)
  getPublic(@Payload() request: UserIdRequest, @RpcMeta() meta: RequestMeta) {
    requireUser(meta);
    return this.profiles.getPublic(request.userId);
  }

  @RpcHandler(GetPublicPicture)
  getPublicPicture(@Payload() request: UserIdRequest, @RpcMeta() meta: RequestMeta) {
    requireUser(meta);
    return this.profiles.getPublicPicture(request.userId);
  }

  @RpcHandler(SetMyPicture)
  setPicture(@Payload() request: SetMyPictureRequest, @RpcMeta() meta: RequestMeta) {
    return this.profiles.setPicture(requireUser(meta), request);
  }

  @RpcHandler(GetMyPicture)
  getPicture(@RpcMeta() meta: RequestMeta) {
    return this.profiles.getPicture(requireUser(meta));
  }

  @RpcHandler(DeleteMyPicture)
  deletePicture(@RpcMeta() meta: RequestMeta) {
    return this.profiles.deletePicture(requireUser(meta));
  }
}
