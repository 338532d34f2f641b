import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DomainSsoSettingsData } from '@roster/contracts';

/** A company's e-mail domain as directory announced it: verification, removal and SSO settings. */
@Entity({ name: 'sso_domains' })
export class SsoDomainEntity {
  @PrimaryColumn('text') domain!: string;
  @PrimaryColumn('uuid') companyId!: string;
  @Column({ type: 'timestamptz', nullable: true }) verifiedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) removedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) sso!: DomainSsoSettingsData | null;
  @Column({ type: 'timestamptz', nullable: true }) ssoUpdatedAt!: Date | null;
}
