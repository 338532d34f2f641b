import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { RecipeActionDto, RecipeConditionDto } from './recipe-parts.dto';

export class CreateRecipeDto {
  @ApiProperty({ maxLength: 200, example: 'Ticket for new admins' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'directory.events.member.added',
    description: 'The event type that triggers the recipe',
  })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/)
  @MaxLength(200)
  eventType!: string;

  @ApiPropertyOptional({ type: [RecipeConditionDto], description: 'All must hold' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecipeConditionDto)
  conditions?: RecipeConditionDto[];

  @ApiProperty({ type: [RecipeActionDto], minItems: 1, maxItems: 10 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RecipeActionDto)
  actions!: RecipeActionDto[];

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}
