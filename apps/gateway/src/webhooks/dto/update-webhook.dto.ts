import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  WEBHOOK_EVENT_TYPE_PATTERN,
  WEBHOOK_EVENT_TYPES_MAX,
  WEBHOOK_URL_MAX_LENGTH,
} from '@roster/contracts';

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: WEBHOOK_URL_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url?: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @IsString({ each: true })
  @Matches(WEBHOOK_EVENT_TYPE_PATTERN, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ description: 'true re-activates a disabled endpoint (its failure count restarts)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
