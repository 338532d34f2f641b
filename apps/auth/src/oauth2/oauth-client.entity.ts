import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ClientCredentialsScope, OAuthAppStatus } from '@roster/contracts';

/** A company's OAuth client application; the secret is kept only as an argon2id hash. */
@Entity({ name: 'oauth_clients' })
@Index('oauth_clients_company_idx', ['companyId'])
export class OAuthClientEntity {
  @PrimaryColumn('text') clientId!: string;
  /** Stable uuid: the subject id of the application's audit log entries. */
  @Column({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column('uuid') companyId!: string;
  @Column('text') title!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'text', nullable: true }) websiteUrl!: string | null;
  @Column({ type: 'text', nullable: true }) iconUrl!: string | null;
  @Column({ type: 'text', array: true }) redirectUris!: string[];
  @Column({ type: 'text', default: 'active' }) status!: OAuthAppStatus;
  @Column('text') secretHash!: string;
  /** Scopes the application may obtain for itself (`client_credentials`); empty: that grant is off. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  clientCredentialsScopes!: ClientCredentialsScope[];
  /** The `sid` of its `client_credentials` tokens; replaced (and the old one revoked) on deactivation, deletion, secret reset. */
  @Column({ type: 'uuid', default: () => 'gen_random_uuid()' }) credentialsId!: string;
  @Column('uuid') createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
