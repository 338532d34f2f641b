import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { API_TOKEN_DESCRIPTION_MAX_LENGTH, API_TOKEN_NAME_MAX_LENGTH } from '@roster/contracts';

/** Scopes and expiry are fixed at creation: make a new token to change them. */
export class UpdateApiTokenDto {
  @ApiPropertyOptional({ maxLength: API_TOKEN_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(API_TOKEN_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ maxLength: API_TOKEN_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(API_TOKEN_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({
    description: '`false` stops the token at the next request; `true` lets it work again',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
