import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsUUID,
  MaxLength,
} from 'class-validator';
import {
  BULK_REMOVE_MAX,
  CanManageMemberResponse,
  COMPANY_ROLES,
  CompanyRole,
  MEMBER_LOG_ACTIONS,
  MEMBER_STATUSES,
  MemberLogAction,
  MemberLogEntryResponse,
  MemberResponse,
  MemberStatus,
  Page,
} from '@roster/contracts';

export class MemberDto implements MemberResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: COMPANY_ROLES }) role!: CompanyRole;
  @ApiProperty({ enum: MEMBER_STATUSES }) status!: MemberStatus;
  @ApiProperty() twoFactorEnabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MemberPageDto implements Page<MemberResponse> {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class AddMemberDto {
  @ApiProperty({ example: 'jane@example.com', description: 'An existing user’s e-mail' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: COMPANY_ROLES }) @IsIn(COMPANY_ROLES) role!: CompanyRole;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: COMPANY_ROLES }) @IsOptional() @IsIn(COMPANY_ROLES) role?: CompanyRole;
  @ApiPropertyOptional({ enum: MEMBER_STATUSES })
  @IsOptional()
  @IsIn(MEMBER_STATUSES)
  status?: MemberStatus;
}

export class BulkRemoveMembersDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: BULK_REMOVE_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_REMOVE_MAX)
  @IsUUID(undefined, { each: true })
  userIds!: string[];
}

export class BulkRemoveResultDto {
  @ApiProperty() removed!: number;
}

export class CanManageMemberDto implements CanManageMemberResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() canManage!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
}

class MemberLogActorDto {
  @ApiProperty({ enum: ['user', 'service', 'anonymous'] }) type!: string;
  @ApiProperty({ nullable: true, type: String }) id!: string | null;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only when the change was made under impersonation: the user who acted as `id`',
  })
  impersonatorId?: string;
}

export class MemberLogEntryDto implements MemberLogEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: MEMBER_LOG_ACTIONS }) action!: MemberLogAction;
  @ApiProperty({ enum: COMPANY_ROLES }) role!: CompanyRole;
  @ApiProperty({ enum: MEMBER_STATUSES }) status!: MemberStatus;
  @ApiProperty({ enum: COMPANY_ROLES, nullable: true }) previousRole!: CompanyRole | null;
  @ApiProperty() sequence!: number;
  @ApiProperty({ type: MemberLogActorDto }) actor!: MemberLogActorDto;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class MemberLogPageDto implements Page<MemberLogEntryResponse> {
  @ApiProperty({ type: [MemberLogEntryDto] }) items!: MemberLogEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
