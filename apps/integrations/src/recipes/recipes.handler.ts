import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CompanyRecipeRequest,
  CreateRecipe,
  CreateRecipeRequest,
  DeleteRecipe,
  GetRecipe,
  GetRecipeRun,
  ListRecipeRuns,
  ListRecipeRunsRequest,
  ListRecipes,
  ListRecipesRequest,
  RecipeRunRequest,
  RunRecipe,
  RunRecipeRequest,
  UpdateRecipe,
  UpdateRecipeRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { RecipesService } from './recipes.service';

@Controller()
export class RecipesHandler {
  constructor(private readonly recipes: RecipesService) {}

  @RpcHandler(CreateRecipe)
  create(@Payload() request: CreateRecipeRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.create(request, meta);
  }

  @RpcHandler(UpdateRecipe)
  update(@Payload() request: UpdateRecipeRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.update(request, meta);
  }

  @RpcHandler(ListRecipes)
  list(@Payload() request: ListRecipesRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.list(request, meta);
  }

  @RpcHandler(GetRecipe)
  get(@Payload() request: CompanyRecipeRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.get(request, meta);
  }

  @RpcHandler(DeleteRecipe)
  delete(@Payload() request: CompanyRecipeRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.delete(request, meta);
  }

  @RpcHandler(RunRecipe)
  run(@Payload() request: RunRecipeRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.run(request, meta);
  }

  @RpcHandler(ListRecipeRuns)
  runs(@Payload() request: ListRecipeRunsRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.listRuns(request, meta);
  }

  @RpcHandler(GetRecipeRun)
  getRun(@Payload() request: RecipeRunRequest, @RpcMeta() meta: RequestMeta) {
    return this.recipes.getRun(request, meta);
  }
}
