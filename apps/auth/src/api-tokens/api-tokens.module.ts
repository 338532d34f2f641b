import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { ApiTokensHandler } from './api-tokens.handler';
import { ApiTokensService } from './api-tokens.service';

@Module({
  imports: [AccountLogModule],
  controllers: [ApiTokensHandler],
  providers: [ApiTokensService],
})
export class ApiTokensModule {}
