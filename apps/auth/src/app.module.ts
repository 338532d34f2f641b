import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@roster/bootstrap';
import { ConfigModule } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { DatabaseModule } from '@roster/persistence';
import { AuthConfig } from './config/auth.config';
import { authDatabase } from './database/data-source';
import { KeysModule } from './keys/keys.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';

/** auth: credentials, sessions and tokens. */
@Module({})
export class AppModule {
  static register(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot([[AuthConfig, config]]),
        DatabaseModule.forRoot(authDatabase),
        MessagingModule.forRoot({ context: 'auth', events: true }),
        HealthModule.forRoot({ database: true }),
        UsersModule,
        KeysModule,
        SessionsModule,
      ],
    };
  }
}
