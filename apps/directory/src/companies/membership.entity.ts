import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CompanyRole } from '@roster/contracts';

/** A user's role in a company; the tenant check of every company read and write. */
@Entity({ name: 'memberships' })
@Index('memberships_user_idx', ['userId'])
export class MembershipEntity {
  @PrimaryColumn('uuid') companyId!: string;
  @PrimaryColumn('uuid') userId!: string;
  @Column('text') role!: CompanyRole;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
