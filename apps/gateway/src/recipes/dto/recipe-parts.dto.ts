import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import {
  PSA_TYPES,
  PsaType,
  RECIPE_ACTION_TYPES,
  RECIPE_CONDITION_OPS,
  RecipeActionType,
  RecipeConditionOp,
} from '@roster/contracts';

export class RecipeConditionDto {
  @ApiProperty({ example: 'data.role', description: 'Dotted path into the event (`data.…`, `actor.type`)' })
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/)
  @MaxLength(200)
  field!: string;

  @ApiProperty({ enum: RECIPE_CONDITION_OPS }) @IsIn(RECIPE_CONDITION_OPS) op!: RecipeConditionOp;

  @ApiPropertyOptional({
    description: 'A string, number or boolean; a list for `in`; for `exists`, false means "absent"',
    example: 'admin',
  })
  @IsOptional()
  value?: unknown;
}

export class RecipeActionDto {
  @ApiProperty({
    enum: RECIPE_ACTION_TYPES,
    description:
      'psa_ticket: summary, description?, psaType?, ticketId? · webhook: endpointId · email: to, subject, body · ' +
      'group_add_member / group_remove_member: groupId, userField? (default data.userId). Text may use {{data.field}}.',
  })
  @IsIn(RECIPE_ACTION_TYPES)
  type!: RecipeActionType;

  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) summary?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @ApiPropertyOptional({ enum: PSA_TYPES }) @IsOptional() @IsIn(PSA_TYPES) psaType?: PsaType;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) ticketId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() endpointId?: string;
  @ApiPropertyOptional({ maxLength: 320, example: '{{data.email}}' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) subject?: string;
  @ApiPropertyOptional({ maxLength: 10000 }) @IsOptional() @IsString() @MaxLength(10_000) body?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() groupId?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'data.userId' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  userField?: string;
}
