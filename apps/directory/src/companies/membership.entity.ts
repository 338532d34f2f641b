import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CompanyRole, MemberStatus } from '@roster/contracts';

/** A user's role in a company; the tenant check of every company read and write. */
@Entity({ name: 'memberships' })
@Index('memberships_user_idx', ['userId'])
export class MembershipEntity {
  @PrimaryColumn('uuid') companyId!: string;
  @PrimaryColumn('uuid') userId!: string;
  @Column('text') role!: CompanyRole;
  /** A disabled member keeps the membership but has no access and takes no seat. */
  @Column('text') status!: MemberStatus;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
