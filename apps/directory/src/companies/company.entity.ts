import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'companies' })
export class CompanyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column('uuid') createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
  /** Soft delete: hidden from every read from this moment; restorable within the grace period. */
  @Column({ type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
  /** Set when the purge removed the company's data after the grace period (the row stays as a tombstone). */
  @Column({ type: 'timestamptz', nullable: true }) purgedAt!: Date | null;
  /** The owners when it was purged: they get 410 when trying to restore it, anyone else 404. */
  @Column('uuid', { array: true }) formerOwnerIds!: string[];
  /** The provider (MSP) managing this company as one of its customers. */
  @Column({ type: 'uuid', nullable: true }) providerId!: string | null;
  /** Raised by one in the transaction of every membership change (see MembershipWriter). */
  @Column('int') memberSequence!: number;
  @Column({ name: 'enforced_2fa', type: 'boolean' }) enforced2fa!: boolean;
  @Column('text', { array: true }) ipAllowList!: string[];
  @Column('boolean') personalDashboardsAllowed!: boolean;
  @Column('boolean') usersMayCreateCompanies!: boolean;
  @Column({ type: 'text', nullable: true }) primaryColor!: string | null;
  @Column({ type: 'text', nullable: true }) billingEmail!: string | null;
  @Column({ type: 'bytea', nullable: true, select: false }) logo!: Buffer | null;
  @Column({ type: 'text', nullable: true }) logoContentType!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) logoUpdatedAt!: Date | null;
}
