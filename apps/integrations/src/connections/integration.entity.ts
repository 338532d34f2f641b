import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { IntegrationType, PsaSettings } from '@roster/contracts';

/** A connected integration of a company or a provider: a PSA (credentials sealed) or an OAuth app awaiting/holding a grant. */
@Entity({ name: 'integrations' })
export class IntegrationEntity {
  @PrimaryColumn('uuid') id!: string;
  /** The owner: a company or a provider (exactly one is set). */
  @Column('uuid', { nullable: true }) companyId!: string | null;
  @Column('uuid', { nullable: true }) providerId!: string | null;
  @Column('text') type!: IntegrationType;
  @Column('text') kind!: 'psa' | 'oauth';
  @Column('text') name!: string;
  @Column('text') status!: 'active' | 'pending_authorization';
  /** Non-secret settings: url, psaCompanyId, clientId, username, integrationCode, subdomain, state… */
  @Column('jsonb') config!: Record<string, string>;
  /** JSON of the secrets, sealed with SecretCipher bound to the integration id. */
  @Column('text', { nullable: true }) sealedSecrets!: string | null;
  @Column('text', { array: true }) secretNames!: string[];
  @Column('jsonb') settings!: PsaSettings;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
