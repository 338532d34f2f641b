import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

export class RunRecipeDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Sample event data for the placeholders; conditions are not checked on a manual run',
    example: { userId: '3f2b7c1e-0000-4000-8000-000000000000', email: 'ann@example.com' },
  })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}
