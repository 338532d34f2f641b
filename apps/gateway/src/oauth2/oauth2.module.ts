import { Module } from '@nestjs/common';
import { AuthorizedAppsController } from './authorized-apps.controller';
import { OAuth2Controller } from './oauth2.controller';
import { OAuthAppsController } from './oauth-apps.controller';

@Module({ controllers: [OAuthAppsController, OAuth2Controller, AuthorizedAppsController] })
export class OAuth2Module {}
