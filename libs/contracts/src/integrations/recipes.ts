import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineEvent, defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { PSA_TYPES, PsaType } from './psa-ticket';

export const RECIPE_CONDITION_OPS = ['eq', 'ne', 'in', 'contains', 'exists'] as const;
export type RecipeConditionOp = (typeof RECIPE_CONDITION_OPS)[number];

/** `field` is a dotted path into the event (`data.role`, `actor.type`); `value` a string, number, boolean or list. */
export class RecipeCondition {
  @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/) @MaxLength(200) field!: string;
  @IsIn(RECIPE_CONDITION_OPS) op!: RecipeConditionOp;
  @IsOptional() value?: unknown;
}

export const RECIPE_ACTION_TYPES = [
  'psa_ticket',
  'webhook',
  'email',
  'group_add_member',
  'group_remove_member',
] as const;
export type RecipeActionType = (typeof RECIPE_ACTION_TYPES)[number];

/**
 * One step. Text fields may use `{{path}}` placeholders filled from the event (`{{data.email}}`).
 * - psa_ticket: summary (required), description, psaType, ticketId (update).
 * - webhook: endpointId of a webhook endpoint of the company (a signed POST of the event).
 * - email: to, subject, body.
 * - group_add_member / group_remove_member: groupId; userField (default `data.userId`).
 */
export class RecipeAction {
  @IsIn(RECIPE_ACTION_TYPES) type!: RecipeActionType;
  @IsOptional() @IsString() @MaxLength(200) summary?: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @IsOptional() @IsIn(PSA_TYPES) psaType?: PsaType;
  @IsOptional() @IsString() @MaxLength(200) ticketId?: string;
  @IsOptional() @IsUUID() endpointId?: string;
  @IsOptional() @IsString() @MaxLength(320) to?: string;
  @IsOptional() @IsString() @MaxLength(200) subject?: string;
  @IsOptional() @IsString() @MaxLength(10_000) body?: string;
  @IsOptional() @IsUUID() groupId?: string;
  @IsOptional() @IsString() @MaxLength(200) userField?: string;
}

export interface RecipeResponse {
  id: string;
  companyId: string;
  name: string;
  eventType: string;
  conditions: RecipeCondition[];
  actions: RecipeAction[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export class CompanyRecipeRequest {
  @IsUUID() companyId!: string;
  @IsUUID() recipeId!: string;
}

export class CreateRecipeRequest {
  @IsUUID() companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsString() @Matches(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/) @MaxLength(200) eventType!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecipeCondition)
  conditions?: RecipeCondition[];
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RecipeAction)
  actions!: RecipeAction[];
  @IsOptional() @IsBoolean() enabled?: boolean;
}
export const CreateRecipe = defineRpc<CreateRecipeRequest, RecipeResponse>(
  'integrations.recipe.create.v1',
  CreateRecipeRequest,
);

export class UpdateRecipeRequest extends CompanyRecipeRequest {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @IsOptional() @IsString() @Matches(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/) @MaxLength(200) eventType?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecipeCondition)
  conditions?: RecipeCondition[];
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RecipeAction)
  actions?: RecipeAction[];
  @IsOptional() @IsBoolean() enabled?: boolean;
}
export const UpdateRecipe = defineRpc<UpdateRecipeRequest, RecipeResponse>(
  'integrations.recipe.update.v1',
  UpdateRecipeRequest,
);

export class ListRecipesRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListRecipes = defineRpc<ListRecipesRequest, Page<RecipeResponse>>(
  'integrations.recipe.list.v1',
  ListRecipesRequest,
);
export const GetRecipe = defineRpc<CompanyRecipeRequest, RecipeResponse>(
  'integrations.recipe.get.v1',
  CompanyRecipeRequest,
);
export const DeleteRecipe = defineRpc<CompanyRecipeRequest, { deleted: true }>(
  'integrations.recipe.delete.v1',
  CompanyRecipeRequest,
);

export const RECIPE_RUN_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RecipeRunStatus = (typeof RECIPE_RUN_STATUSES)[number];

export interface RecipeStepResponse {
  index: number;
  type: RecipeActionType;
  status: 'succeeded' | 'failed';
  detail: string | null;
  error: string | null;
}

export interface RecipeRunResponse {
  id: string;
  recipeId: string;
  trigger: 'event' | 'manual';
  eventId: string | null;
  status: RecipeRunStatus;
  steps: RecipeStepResponse[];
  createdAt: string;
  finishedAt: string | null;
}

/** A run on demand, with a sample event (its `data`) to fill the placeholders; conditions are not checked. */
export class RunRecipeRequest extends CompanyRecipeRequest {
  @IsOptional() @IsObject() data?: Record<string, unknown>;
}
export const RunRecipe = defineRpc<RunRecipeRequest, RecipeRunResponse>(
  'integrations.recipe.run.v1',
  RunRecipeRequest,
);

export class ListRecipeRunsRequest extends CompanyRecipeRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListRecipeRuns = defineRpc<ListRecipeRunsRequest, Page<RecipeRunResponse>>(
  'integrations.recipe-run.list.v1',
  ListRecipeRunsRequest,
);
export class RecipeRunRequest extends CompanyRecipeRequest {
  @IsUUID() runId!: string;
}
export const GetRecipeRun = defineRpc<RecipeRunRequest, RecipeRunResponse>(
  'integrations.recipe-run.get.v1',
  RecipeRunRequest,
);

/** A manager created, changed (enabled, disabled) or deleted a company's recipe (audit log). */
export class RecipeChangedData {
  @IsUUID() recipeId!: string;
  @IsUUID() companyId!: string;
  @IsString() name!: string;
  @IsString() eventType!: string;
  @IsBoolean() enabled!: boolean;
  /** The names (never the values) of the fields an update changed; empty for created and deleted. */
  @IsArray() @IsString({ each: true }) changed!: string[];
}
export const RecipeCreated = defineEvent('integrations.events.recipe.created', 1, RecipeChangedData);
export const RecipeUpdated = defineEvent('integrations.events.recipe.updated', 1, RecipeChangedData);
export const RecipeDeleted = defineEvent('integrations.events.recipe.deleted', 1, RecipeChangedData);
