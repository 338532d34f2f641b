import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  LOCALE_PATTERN,
  MyProfileResponse,
  PHONE_PATTERN,
  PROFILE_NAME_MAX_LENGTH,
  PublicProfileResponse,
} from '@roster/contracts';

export class ProfileDto implements MyProfileResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ description: '"First Last" when a name is set, else derived from the e-mail' })
  displayName!: string;
  @ApiProperty({ nullable: true, type: String }) firstName!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'en-US' }) locale!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '+15551234567' }) phone!: string | null;
  @ApiProperty({ description: 'Whether other signed-in users may read your public profile' })
  publicProfile!: boolean;
  @ApiProperty() hasPicture!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: PROFILE_NAME_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PROFILE_NAME_MAX_LENGTH)
  firstName?: string | null;

  @ApiPropertyOptional({ maxLength: PROFILE_NAME_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(PROFILE_NAME_MAX_LENGTH)
  lastName?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'en-US' })
  @IsOptional()
  @IsString()
  @Matches(LOCALE_PATTERN, { message: 'must be a language tag like en or en-US' })
  locale?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '+15551234567' })
  @IsOptional()
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'must look like +15551234567' })
  phone?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() publicProfile?: boolean;
}

export class PublicProfileDto implements PublicProfileResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ nullable: true, type: String }) firstName!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName!: string | null;
  @ApiProperty() hasPicture!: boolean;
}
