import { defineRpc } from '../define';

export class GetMyProfileRequest {}

export interface ProfileResponse {
  userId: string;
  email: string;
  displayName: string;
  createdAt: string;
}

/** The caller's own profile; the caller comes from the actor header. */
export const GetMyProfile = defineRpc<GetMyProfileRequest, ProfileResponse>(
  'directory.profile.get-mine.v1',
  GetMyProfileRequest,
);
