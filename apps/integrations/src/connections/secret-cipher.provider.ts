import { Provider } from '@nestjs/common';
import { parseEncryptionKeys, SecretCipher } from '@roster/security';
import { IntegrationsConfig } from '../config/integrations.config';

/** The key ring for PSA credentials at rest (INTEGRATIONS_ENCRYPTION_KEYS). */
export const PSA_CIPHER = Symbol('PSA_CIPHER');
export const psaCipherProvider: Provider = {
  provide: PSA_CIPHER,
  inject: [IntegrationsConfig],
  useFactory: (config: IntegrationsConfig) =>
    new SecretCipher(
      parseEncryptionKeys(config.INTEGRATIONS_ENCRYPTION_KEYS, 'INTEGRATIONS_ENCRYPTION_KEYS'),
    ),
};
