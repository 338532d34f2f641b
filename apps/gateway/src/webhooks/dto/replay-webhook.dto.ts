import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class ReplayWebhookDto {
  @ApiProperty({
    format: 'date-time',
    description: 'Every recorded event of the company since then (matching the endpoint)',
  })
  @IsISO8601()
  since!: string;
}
