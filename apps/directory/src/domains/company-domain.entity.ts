import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { DomainSsoSettings } from '@roster/contracts';

/** A domain a company claims; verified once its TXT record was found. One company per verified domain. */
@Entity({ name: 'company_domains' })
export class CompanyDomainEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') companyId!: string;
  @Column('text') domain!: string;
  @Column('text') verificationToken!: string;
  @Column({ type: 'timestamptz', nullable: true }) verifiedAt!: Date | null;
  @Column('boolean') autoJoin!: boolean;
  @Column({ type: 'jsonb', nullable: true }) sso!: DomainSsoSettings | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
