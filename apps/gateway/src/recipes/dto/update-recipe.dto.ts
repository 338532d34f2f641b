import { ApiPropertyOptional } from '@nestjs/swagger';
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

export class UpdateRecipeDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/)
  @MaxLength(200)
  eventType?: string;

  @ApiPropertyOptional({ type: [RecipeConditionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecipeConditionDto)
  conditions?: RecipeConditionDto[];

  @ApiPropertyOptional({ type: [RecipeActionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RecipeActionDto)
  actions?: RecipeActionDto[];

  @ApiPropertyOptional({ description: 'Enable or disable' }) @IsOptional() @IsBoolean() enabled?: boolean;
}
