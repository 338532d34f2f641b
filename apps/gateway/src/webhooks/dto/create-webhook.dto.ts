import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  WEBHOOK_EVENT_TYPE_PATTERN,
  WEBHOOK_EVENT_TYPES_MAX,
  WEBHOOK_URL_MAX_LENGTH,
} from '@roster/contracts';

export class CreateWebhookDto {
  @ApiProperty({
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    example: 'https://example.com/hooks/roster',
    description: 'http(s) only; private, loopback and link-local addresses are refused (422)',
  })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_LENGTH)
  url!: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['directory.events.member.added', 'billing.events.*'],
    description: 'Exact event types or prefixes ending in `.*`; empty or absent: every event of the company',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @IsString({ each: true })
  @Matches(WEBHOOK_EVENT_TYPE_PATTERN, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}
