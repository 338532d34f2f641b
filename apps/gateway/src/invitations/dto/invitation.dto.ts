import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';
import {
  COMPANY_ROLES,
  CompanyRole,
  INVITATION_STATUSES,
  InvitationResponse,
  InvitationStatus,
  JoinableCompanyResponse,
  MyInvitationResponse,
  Page,
  SignupRequestResponse,
} from '@roster/contracts';

export class CreateInvitationDto {
  @ApiProperty({ format: 'email', maxLength: 254 }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ enum: COMPANY_ROLES, description: 'Only owners may invite owners' })
  @IsIn(COMPANY_ROLES)
  role!: CompanyRole;
}

export class InvitationDto implements InvitationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: COMPANY_ROLES }) role!: CompanyRole;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: InvitationStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) invitedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resentAt!: string | null;
  @ApiProperty() resendCount!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) respondedAt!: string | null;
}

export class InvitationPageDto implements Page<InvitationResponse> {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class MyInvitationDto implements MyInvitationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty({ enum: COMPANY_ROLES }) role!: CompanyRole;
  @ApiProperty({ nullable: true, type: String }) invitedByName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class MyInvitationPageDto implements Page<MyInvitationResponse> {
  @ApiProperty({ type: [MyInvitationDto] }) items!: MyInvitationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation e-mail' })
  @IsString()
  @Length(20, 200)
  token!: string;
}

export class InvitationAnswerDto {
  @ApiProperty({ enum: ['accepted', 'awaiting_signup', 'rejected'] }) status!: string;
  @ApiProperty({ format: 'uuid', required: false }) companyId?: string;
  @ApiProperty({ enum: COMPANY_ROLES, required: false }) role?: CompanyRole;
  @ApiProperty({
    format: 'email',
    required: false,
    description: 'awaiting_signup: the e-mail to sign up with',
  })
  email?: string;
}

export class SignupRequestDto implements SignupRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SignupRequestPageDto implements Page<SignupRequestResponse> {
  @ApiProperty({ type: [SignupRequestDto] }) items!: SignupRequestDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class JoinResultDto {
  @ApiProperty({ enum: ['joined', 'pending'] }) status!: 'joined' | 'pending';
  @ApiProperty({ format: 'uuid', required: false }) companyId?: string;
  @ApiProperty({ enum: COMPANY_ROLES, required: false }) role?: CompanyRole;
  @ApiProperty({ type: SignupRequestDto, required: false }) request?: SignupRequestDto;
}

export class JoinableCompanyDto implements JoinableCompanyResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty() domain!: string;
  @ApiProperty({ description: 'Joining needs no admin confirmation' }) autoJoin!: boolean;
}

export class JoinableCompanyListDto {
  @ApiProperty({ type: [JoinableCompanyDto] }) items!: JoinableCompanyDto[];
}
