import { ApiProperty } from '@nestjs/swagger';
import {
  Page,
  RECIPE_ACTION_TYPES,
  RECIPE_RUN_STATUSES,
  RecipeActionType,
  RecipeResponse,
  RecipeRunResponse,
  RecipeRunStatus,
  RecipeStepResponse,
} from '@roster/contracts';
import { RecipeActionDto, RecipeConditionDto } from './recipe-parts.dto';

export class RecipeDto implements RecipeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ type: [RecipeConditionDto] }) conditions!: RecipeConditionDto[];
  @ApiProperty({ type: [RecipeActionDto] }) actions!: RecipeActionDto[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RecipePageDto implements Page<RecipeResponse> {
  @ApiProperty({ type: [RecipeDto] }) items!: RecipeDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class RecipeStepDto implements RecipeStepResponse {
  @ApiProperty() index!: number;
  @ApiProperty({ enum: RECIPE_ACTION_TYPES }) type!: RecipeActionType;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) status!: 'succeeded' | 'failed';
  @ApiProperty({ nullable: true, type: String }) detail!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class RecipeRunDto implements RecipeRunResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) recipeId!: string;
  @ApiProperty({ enum: ['event', 'manual'] }) trigger!: 'event' | 'manual';
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) eventId!: string | null;
  @ApiProperty({ enum: RECIPE_RUN_STATUSES }) status!: RecipeRunStatus;
  @ApiProperty({ type: [RecipeStepDto] }) steps!: RecipeStepDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
}

export class RecipeRunPageDto implements Page<RecipeRunResponse> {
  @ApiProperty({ type: [RecipeRunDto] }) items!: RecipeRunDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
