import { IsString, registerDecorator, ValidationArguments } from 'class-validator';
import { ServiceConfig } from '@roster/config';
import { parseEncryptionKeys } from '../crypto/credential-cipher';

/** The value must parse as a key ring (see parseEncryptionKeys); the message says what is wrong. */
function IsEncryptionKeyRing(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEncryptionKeyRing',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => {
          try {
            parseEncryptionKeys(typeof value === 'string' ? value : '');
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args: ValidationArguments) => {
          try {
            parseEncryptionKeys(typeof args.value === 'string' ? args.value : '');
            return '';
          } catch (error) {
            return (error as Error).message;
          }
        },
      },
    });
}

export class IntegrationsConfig extends ServiceConfig {
  override HTTP_PORT = 3004;

  /**
   * Keys for credentials at rest: `keyId:base64(32 bytes)`, comma separated; the first encrypts, all decrypt.
   * Rotation: docs/operations.md.
   */
  @IsString() @IsEncryptionKeyRing() INTEGRATIONS_ENCRYPTION_KEYS!: string;
}
