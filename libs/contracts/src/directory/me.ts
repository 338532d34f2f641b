import {
  IsBase64,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { defineRpc } from '../define';
import type { ProfileResponse } from './profile';

export const PROFILE_NAME_MAX_LENGTH = 100;
/** E.164-like: a plus and 6 to 15 digits. */
export const PHONE_PATTERN = /^\+[1-9][0-9]{5,14}$/;
/** A BCP 47 language tag of the usual shapes: `en`, `en-US`, `pt-BR`, `zh-Hant-TW`. */
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;
export const PICTURE_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type PictureContentType = (typeof PICTURE_CONTENT_TYPES)[number];
/** Largest profile picture, in bytes (413 above it). */
export const PICTURE_MAX_BYTES = 256 * 1024;

/** The caller's own profile with everything the user can edit (GetMyProfile answers with this too). */
export interface MyProfileResponse extends ProfileResponse {
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  phone: string | null;
  publicProfile: boolean;
  hasPicture: boolean;
  updatedAt: string;
}

/** Omitted fields stay as they are; null clears a field. The display name follows the names. */
export class UpdateMyProfileRequest {
  @IsOptional() @IsString() @MaxLength(PROFILE_NAME_MAX_LENGTH) firstName?: string | null;
  @IsOptional() @IsString() @MaxLength(PROFILE_NAME_MAX_LENGTH) lastName?: string | null;
  @IsOptional()
  @IsString()
  @Matches(LOCALE_PATTERN, { message: 'must be a language tag like en or en-US' })
  locale?: string | null;
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'must look like +15551234567' })
  phone?: string | null;
  @IsOptional() @IsBoolean() publicProfile?: boolean;
}
export const UpdateMyProfile = defineRpc<UpdateMyProfileRequest, MyProfileResponse>(
  'directory.profile.update-mine.v1',
  UpdateMyProfileRequest,
);

/** What anyone signed in may see of a user who made the profile public. */
export interface PublicProfileResponse {
  userId: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  hasPicture: boolean;
}
export class UserIdRequest {
  @IsUUID() userId!: string;
}
export const GetPublicProfile = defineRpc<UserIdRequest, PublicProfileResponse>(
  'directory.profile.get-public.v1',
  UserIdRequest,
);

/** The picture travels base64 encoded (the gateway already checked the size and the content type). */
export class SetMyPictureRequest {
  @IsIn(PICTURE_CONTENT_TYPES) contentType!: PictureContentType;
  @IsString() @IsNotEmpty() @IsBase64() dataBase64!: string;
}
export interface PictureResponse {
  contentType: PictureContentType;
  dataBase64: string;
  updatedAt: string;
}
export const SetMyPicture = defineRpc<SetMyPictureRequest, { updatedAt: string; size: number }>(
  'directory.profile.set-picture.v1',
  SetMyPictureRequest,
);
export class NoArgsRequest {}
export const GetMyPicture = defineRpc<NoArgsRequest, PictureResponse>(
  'directory.profile.get-picture.v1',
  NoArgsRequest,
);
export const DeleteMyPicture = defineRpc<NoArgsRequest, { deleted: true }>(
  'directory.profile.delete-picture.v1',
  NoArgsRequest,
);
/** The picture of a user with a public profile; 404 otherwise. */
export const GetPublicPicture = defineRpc<UserIdRequest, PictureResponse>(
  'directory.profile.get-public-picture.v1',
  UserIdRequest,
);
