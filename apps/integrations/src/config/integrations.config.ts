import { IsString } from 'class-validator';
import { ServiceConfig } from '@roster/config';
import { IsKeyRing } from '@roster/security';

export class IntegrationsConfig extends ServiceConfig {
  override HTTP_PORT = 3004;

  /**
   * Keys for credentials at rest: `keyId:base64(32 bytes)`, comma separated; the first encrypts, all decrypt.
   * Rotation: docs/operations.md.
   */
  @IsString() @IsKeyRing() INTEGRATIONS_ENCRYPTION_KEYS!: string;
}
