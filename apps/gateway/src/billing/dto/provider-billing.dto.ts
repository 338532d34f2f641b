import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INVOICE_STATUSES, InvoiceStatus } from '@roster/contracts';
import { InvoiceLineDto } from './billing-responses.dto';

export class ProviderContractProductDto {
  @ApiProperty({ example: 'seat' }) @IsString() @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/) sku!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(120) name!: string;
  @ApiProperty({ description: 'Committed quantity for the term' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  quantity!: number;
  @ApiProperty({ description: 'Integer minor units' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  unitPriceMinor!: number;
  @ApiProperty({ description: 'Billed by the customers’ seats (at least the committed quantity)' })
  @IsBoolean()
  perSeat!: boolean;
}

export class PutProviderContractDto {
  @ApiProperty({ example: 'EUR' }) @IsString() @Matches(/^[A-Z]{3}$/) currency!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() termStart!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() termEnd!: string;
  @ApiProperty({ type: [ProviderContractProductDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ProviderContractProductDto)
  products!: ProviderContractProductDto[];
}

export class ProviderContractDto extends PutProviderContractDto {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PutProviderBillingDetailsDto {
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsEmail() billingEmail?:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  companyName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(40) vatId?:
    string | null;
}

export class ProviderBillingDetailsDto {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ nullable: true, type: String }) billingEmail!: string | null;
  @ApiProperty({ nullable: true, type: String }) companyName!: string | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String }) vatId!: string | null;
}

export class CustomerLicencesDto {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Licences the provider bought for this customer' }) purchased!: number;
  @ApiProperty({ description: 'Active seats now' }) used!: number;
  @ApiProperty({ description: 'Members who held a seat during the contract term' }) activeUsers!: number;
}
export class CustomerLicencesListDto {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ type: [CustomerLicencesDto] }) items!: CustomerLicencesDto[];
}
export class SetCustomerLicencesDto {
  @ApiProperty() @IsInt() @Min(0) @Max(10_000_000) purchased!: number;
}

export class IssueProviderInvoiceDto {
  @ApiProperty({ format: 'date-time' }) @IsISO8601() periodStart!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() periodEnd!: string;
}

export class ProviderInvoiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: InvoiceStatus;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'The sum of the lines' }) totalMinor!: number;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: [InvoiceLineDto] }) lines!: InvoiceLineDto[];
}
export class ProviderInvoiceListDto {
  @ApiProperty({ type: [ProviderInvoiceDto] }) items!: ProviderInvoiceDto[];
}
