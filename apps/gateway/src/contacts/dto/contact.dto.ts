import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  CONTACT_STATUSES,
  ContactResponse,
  ContactStatus,
  ImportContactsResponse,
  ORG_NAME_MAX_LENGTH,
  Page,
} from '@roster/contracts';
import { filterField, ListQuerySpec } from '@roster/http';

export class CompanyContactDto implements ContactResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({
    enum: CONTACT_STATUSES,
    description: '`pending_conversion`: asked to become a user; `converted`: linked to `userId`',
  })
  status!: ContactStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CompanyContactPageDto implements Page<ContactResponse> {
  @ApiProperty({ type: [CompanyContactDto] }) items!: CompanyContactDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class CreateCompanyContactDto {
  @ApiProperty({ maxLength: ORG_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  firstName!: string;

  @ApiPropertyOptional({ maxLength: ORG_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  lastName?: string;

  @ApiProperty({ format: 'email', description: 'Unique among the company’s contacts' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;
}

export class UpdateCompanyContactDto {
  @ApiPropertyOptional({ maxLength: ORG_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  firstName?: string;

  @ApiPropertyOptional({ maxLength: ORG_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  lastName?: string;

  @ApiPropertyOptional({ format: 'email' }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;
}

export class ImportContactsDto {
  @ApiProperty({
    description:
      'CSV text with a header row: email, first_name (required), last_name, phone; at most 1000 rows',
    example: 'email,first_name,last_name\nann@example.com,Ann,Lee\n',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1_000_000)
  csv!: string;
}

class ImportFailureDto {
  @ApiProperty() line!: number;
  @ApiProperty() message!: string;
}

export class ImportContactsResultDto implements ImportContactsResponse {
  @ApiProperty() total!: number;
  @ApiProperty() created!: number;
  @ApiProperty({ description: 'Rows whose e-mail the company already has' }) skipped!: number;
  @ApiProperty({ type: [ImportFailureDto] }) failed!: ImportFailureDto[];
}

export const CONTACT_LIST_SPEC: ListQuerySpec = {
  sortable: ['firstName', 'lastName', 'email', 'createdAt', 'updatedAt'],
  filterable: {
    firstName: filterField.text(['eq', 'search']),
    lastName: filterField.text(['eq', 'search']),
    email: filterField.text(['eq', 'search', 'in']),
    status: filterField.enum(CONTACT_STATUSES, ['eq', 'in']),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'lastName', direction: 'asc' }],
};
