import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, MaxLength } from 'class-validator';
import {
  ACCESS_PATHS,
  AccessPath,
  ApplicationResponse,
  LaunchableApplication,
  ORG_NAME_MAX_LENGTH,
  Page,
  SIGN_IN_METHODS,
  SignInMethod,
} from '@roster/contracts';
import { filterField, ListQuerySpec } from '@roster/http';

const URL_OPTIONS = { require_protocol: true, protocols: ['http', 'https'], require_tld: false };

export class ApplicationDto implements ApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uri' }) url!: string;
  @ApiProperty({ format: 'uri', nullable: true, type: String }) iconUrl!: string | null;
  @ApiProperty({ enum: SIGN_IN_METHODS }) signInMethod!: SignInMethod;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ApplicationPageDto implements Page<ApplicationResponse> {
  @ApiProperty({ type: [ApplicationDto] }) items!: ApplicationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class LaunchableApplicationDto extends ApplicationDto implements LaunchableApplication {
  @ApiProperty() companyName!: string;
  @ApiProperty({ enum: ACCESS_PATHS, isArray: true, description: 'Every path that grants it' })
  via!: AccessPath[];
}

export class LaunchableApplicationListDto {
  @ApiProperty({ type: [LaunchableApplicationDto] }) items!: LaunchableApplicationDto[];
}

export class LaunchableApplicationPageDto {
  @ApiProperty({ type: [LaunchableApplicationDto] }) items!: LaunchableApplicationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class CreateApplicationDto {
  @ApiProperty({ maxLength: ORG_NAME_MAX_LENGTH, description: 'Unique in the company (case-insensitive)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ format: 'uri', example: 'https://mail.example.com' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ format: 'uri', nullable: true, type: String })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  iconUrl?: string | null;

  @ApiProperty({ enum: SIGN_IN_METHODS }) @IsIn(SIGN_IN_METHODS) signInMethod!: SignInMethod;
}

export class UpdateApplicationDto {
  @ApiPropertyOptional({ maxLength: ORG_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ format: 'uri' }) @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) url?: string;

  @ApiPropertyOptional({ format: 'uri', nullable: true, type: String })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  iconUrl?: string | null;

  @ApiPropertyOptional({ enum: SIGN_IN_METHODS })
  @IsOptional()
  @IsIn(SIGN_IN_METHODS)
  signInMethod?: SignInMethod;
}

export class MyApplicationsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this company' })
  @IsOptional()
  @IsUUID()
  companyId?: string;
}

export const APPLICATION_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'signInMethod', 'createdAt', 'updatedAt'],
  filterable: {
    name: filterField.text(),
    url: filterField.text(['search']),
    signInMethod: filterField.enum(SIGN_IN_METHODS, ['eq', 'in']),
    labelId: filterField.uuid(),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'name', direction: 'asc' }],
};
