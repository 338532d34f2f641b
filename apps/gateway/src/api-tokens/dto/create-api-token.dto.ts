import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import {
  API_SCOPE_DESCRIPTIONS,
  API_SCOPES,
  API_TOKEN_DESCRIPTION_MAX_LENGTH,
  API_TOKEN_NAME_MAX_LENGTH,
  ApiScope,
} from '@roster/contracts';

const scopeList = API_SCOPES.map((s) => `\`${s}\`: ${API_SCOPE_DESCRIPTIONS[s]}`).join('; ');

export class CreateApiTokenDto {
  @ApiProperty({ maxLength: API_TOKEN_NAME_MAX_LENGTH, example: 'CI pipeline' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(API_TOKEN_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ maxLength: API_TOKEN_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(API_TOKEN_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiProperty({
    enum: API_SCOPES,
    isArray: true,
    minItems: 1,
    description: `What the token may do. ${scopeList}`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(API_SCOPES.length)
  @ArrayUnique()
  @IsIn(API_SCOPES, { each: true })
  scopes!: ApiScope[];

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    description: 'When it stops working (in the future); without it, until revoked',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string | null;
}
