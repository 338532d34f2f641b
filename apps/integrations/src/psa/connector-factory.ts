import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, PsaType } from '@roster/contracts';
import { SecretCipher } from '@roster/security';
import { IntegrationsConfig } from '../config/integrations.config';
import { IntegrationEntity } from '../connections/integration.entity';
import { PSA_CIPHER } from '../connections/secret-cipher.provider';
import { AutotaskConnector } from './autotask.connector';
import { ConnectwiseConnector } from './connectwise.connector';
import { PsaConnector, PsaError } from './psa-connector';
import { SyncroConnector } from './syncro.connector';

export type Secrets = Record<string, string>;

/**
 * Builds the adapter for an integration: the port's only factory. It also owns the sealing of
 * credentials: on start it re-seals every row sealed with an older key (key rotation: put the new key
 * first in INTEGRATIONS_ENCRYPTION_KEYS, restart, then drop the old key once no row uses it).
 */
@Injectable()
export class ConnectorFactory implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConnectorFactory.name);

  constructor(
    private readonly config: IntegrationsConfig,
    private readonly dataSource: DataSource,
    @Inject(PSA_CIPHER) private readonly cipher: SecretCipher,
  ) {}

  onApplicationBootstrap(): void {
    void this.resealAll().catch((error: unknown) =>
      this.logger.warn(`Re-sealing credentials failed: ${String(error)}`),
    );
  }

  /** Re-seals credentials sealed with a key other than the active one; returns how many. */
  async resealAll(): Promise<number> {
    const rows = await this.dataSource
      .getRepository(IntegrationEntity)
      .createQueryBuilder('i')
      .where('i.sealed_secrets IS NOT NULL AND split_part(i.sealed_secrets, :dot, 2) <> :active', {
        dot: '.',
        active: this.cipher.activeKeyId,
      })
      .getMany();
    let resealed = 0;
    for (const row of rows) {
      try {
        await this.secretsOf(row);
        resealed++;
      } catch (error) {
        // One unreadable row (its key already dropped, or tampered with) must not stop the others.
        this.logger.error(`Cannot re-seal the credentials of integration ${row.id}: ${String(error)}`);
      }
    }
    if (resealed)
      this.logger.log(`Re-sealed the credentials of ${resealed} integration(s) with the active key`);
    return resealed;
  }

  build(type: PsaType, config: Record<string, string>, secrets: Secrets): PsaConnector {
    const timeoutMs = this.config.PSA_TIMEOUT_MS;
    switch (type) {
      case 'connectwise':
        return new ConnectwiseConnector({
          url: config.url,
          companyId: config.companyId,
          clientId: config.clientId || this.config.CONNECTWISE_CLIENT_ID,
          publicKey: secrets.publicKey,
          privateKey: secrets.privateKey,
          timeoutMs,
        });
      case 'autotask':
        return new AutotaskConnector({
          url: config.url,
          username: config.username,
          integrationCode: config.integrationCode || this.config.AUTOTASK_INTEGRATION_CODE,
          secret: secrets.secret,
          timeoutMs,
        });
      case 'syncro':
        return new SyncroConnector({
          url: config.url || `https://${config.subdomain}.syncromsp.com`,
          apiToken: secrets.apiToken,
          timeoutMs,
        });
    }
  }

  seal(integrationId: string, secrets: Secrets): string {
    return this.cipher.encrypt(JSON.stringify(secrets), `integration:${integrationId}`);
  }

  /** Opens the sealed secrets; re-seals them with the active key when they were sealed with an older one. */
  async secretsOf(integration: IntegrationEntity): Promise<Secrets> {
    if (!integration.sealedSecrets) return {};
    const secrets = JSON.parse(
      this.cipher.decrypt(integration.sealedSecrets, `integration:${integration.id}`),
    ) as Secrets;
    if (this.cipher.needsRotation(integration.sealedSecrets)) {
      const resealed = this.seal(integration.id, secrets);
      await this.dataSource
        .getRepository(IntegrationEntity)
        .update({ id: integration.id }, { sealedSecrets: resealed });
      integration.sealedSecrets = resealed;
    }
    return secrets;
  }

  async connectorFor(integration: IntegrationEntity): Promise<PsaConnector> {
    if (integration.kind !== 'psa') throw new AppError('NOT_FOUND', `${integration.type} is not a PSA`);
    return this.build(integration.type as PsaType, integration.config, await this.secretsOf(integration));
  }
}

/** A PSA failure as the caller sees it: rejected/invalid → 422 with the PSA's reason, down → 503. */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof PsaError)) return error;
  if (error.kind === 'unavailable') return new AppError('SERVICE_UNAVAILABLE', error.message);
  return new AppError('UNPROCESSABLE', error.message);
}
