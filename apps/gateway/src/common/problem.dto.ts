import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'name' }) field!: string;
  @ApiProperty({ example: 'name must be shorter than or equal to 120 characters' }) message!: string;
}

/** RFC 9457 problem details, as every error response looks. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:roster:problem:validation-failed' }) type!: string;
  @ApiProperty({ example: 'The request is not valid' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/companies' }) instance?: string;
  @ApiProperty({ example: 'VALIDATION_FAILED' }) code!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional() requestId?: string;
}
