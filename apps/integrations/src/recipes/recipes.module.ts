import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { RecipeRunner } from './recipe-runner';
import { RecipesHandler } from './recipes.handler';
import { RecipesService } from './recipes.service';

@Module({
  imports: [EmailModule, WebhooksModule],
  controllers: [RecipesHandler],
  providers: [RecipesService, RecipeRunner],
  exports: [RecipesService],
})
export class RecipesModule {}
