import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateRecipe,
  DeleteRecipe,
  GetRecipe,
  GetRecipeRun,
  ListRecipeRuns,
  ListRecipes,
  RunRecipe,
  UpdateRecipe,
  RECIPE_RUN_STATUSES,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { CreateRecipeDto } from './dto/create-recipe.dto';
import { RecipeDto, RecipePageDto, RecipeRunDto, RecipeRunPageDto } from './dto/recipe.dto';
import { RunRecipeDto } from './dto/run-recipe.dto';
import { UpdateRecipeDto } from './dto/update-recipe.dto';

export const RECIPE_LIST_SPEC: ListQuerySpec = {
  sortable: ['createdAt', 'name'],
  filterable: {
    name: filterField.text(['eq', 'search']),
    eventType: filterField.text(['eq', 'in']),
    enabled: filterField.boolean(),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

export const RECIPE_RUN_LIST_SPEC: ListQuerySpec = {
  sortable: ['createdAt'],
  filterable: {
    status: filterField.enum(RECIPE_RUN_STATUSES, ['eq', 'in']),
    trigger: filterField.enum(['event', 'manual'], ['eq']),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'desc' }],
};

/** "When event X (with conditions) then do Y" rules of a company. Managed by its owners and admins. */
@ApiTags('recipes')
@ApiBearerAuth()
@Controller('companies/:companyId/recipes')
export class RecipesController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiCreatedResponse({ type: RecipeDto })
  @ApiProblems(400, 401, 403, 404, 409)
  create(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: CreateRecipeDto,
    @Meta() meta: RequestMeta,
  ): Promise<RecipeDto> {
    return this.bus.request(CreateRecipe, { companyId, ...body }, meta);
  }

  @Get()
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: RecipePageDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<RecipePageDto> {
    return this.bus.request(ListRecipes, { companyId, query: parseListQuery(query, RECIPE_LIST_SPEC) }, meta);
  }

  @Get(':recipeId')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: RecipeDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('recipeId', uuidParam('recipeId')) recipeId: string,
    @Meta() meta: RequestMeta,
  ): Promise<RecipeDto> {
    return this.bus.request(GetRecipe, { companyId, recipeId }, meta);
  }

  @Patch(':recipeId')
  @ApiOperation({ summary: 'Change a recipe; `enabled` enables or disables it' })
  @ApiOkResponse({ type: RecipeDto })
  @ApiProblems(400, 401, 403, 404)
  update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('recipeId', uuidParam('recipeId')) recipeId: string,
    @Body() body: UpdateRecipeDto,
    @Meta() meta: RequestMeta,
  ): Promise<RecipeDto> {
    return this.bus.request(UpdateRecipe, { companyId, recipeId, ...body }, meta);
  }

  @Delete(':recipeId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its run history' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('recipeId', uuidParam('recipeId')) recipeId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteRecipe, { companyId, recipeId }, meta);
  }

  @Post(':recipeId/runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run now with sample event data; poll the run for its steps' })
  @ApiAcceptedResponse({ type: RecipeRunDto })
  @ApiProblems(400, 401, 403, 404)
  run(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('recipeId', uuidParam('recipeId')) recipeId: string,
    @Body() body: RunRecipeDto,
    @Meta() meta: RequestMeta,
  ): Promise<RecipeRunDto> {
    return this.bus.request(RunRecipe, { companyId, recipeId, ...body }, meta);
  }

  @Get(':recipeId/runs')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: RecipeRunPageDto, description: 'Run history, newest first by default' })
  @ApiProblems(400, 401, 403, 404)
  runs(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('recipeId', uuidParam('recipeId')) recipeId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<RecipeRunPageDto> {
    return this.bus.request(
      ListRecipeRuns,
      { companyId, recipeId, query: parseListQuery(query, RECIPE_RUN_LIST_SPEC) },
      meta,
    );
  }

  @Get(':recipeId/runs/:runId')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: RecipeRunDto, description: 'A run with each step’s outcome' })
  @ApiProblems(400, 401, 403, 404)
  getRun(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('recipeId', uuidParam('recipeId')) recipeId: string,
    @Param('runId', uuidParam('runId')) runId: string,
    @Meta() meta: RequestMeta,
  ): Promise<RecipeRunDto> {
    return this.bus.request(GetRecipeRun, { companyId, recipeId, runId }, meta);
  }
}
