import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import { DomainResponse, DomainSsoSettings, Page, SSO_PROTOCOLS } from '@roster/contracts';

export class AddDomainDto {
  @ApiProperty({ example: 'example.com', maxLength: 253 }) @IsString() @MaxLength(253) domain!: string;
}

export class UpdateDomainDto {
  @ApiPropertyOptional({ description: 'Users with an e-mail on this domain join without confirmation' })
  @IsOptional()
  @IsBoolean()
  autoJoin?: boolean;
}

export class DomainSsoDto implements DomainSsoSettings {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  @ApiProperty({ enum: SSO_PROTOCOLS }) @IsIn(SSO_PROTOCOLS) protocol!: (typeof SSO_PROTOCOLS)[number];
  @ApiProperty({ example: 'https://idp.example.com/sso', description: 'Where users sign in (https)' })
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  loginUrl!: string;
  @ApiProperty({ nullable: true, type: String, required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  issuer!: string | null;
  @ApiProperty({ nullable: true, type: String, required: false })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  clientId!: string | null;
}

export class SetDomainSsoDto {
  @ApiProperty({ type: DomainSsoDto, nullable: true, description: 'null removes the SSO settings' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DomainSsoDto)
  sso!: DomainSsoDto | null;
}

export class DomainDto implements DomainResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() domain!: string;
  @ApiProperty() verificationToken!: string;
  @ApiProperty({ description: 'Publish this as a TXT record on the domain, then verify' }) txtRecord!: string;
  @ApiProperty() verified!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) verifiedAt!: string | null;
  @ApiProperty() autoJoin!: boolean;
  @ApiProperty({ type: DomainSsoDto, nullable: true }) sso!: DomainSsoDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DomainPageDto implements Page<DomainResponse> {
  @ApiProperty({ type: [DomainDto] }) items!: DomainDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
  @ApiProperty({ description: 'Verified domains of the company' }) verified!: number;
}
