import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One per company, opened when directory announces the company. */
@Entity({ name: 'billing_accounts' })
export class BillingAccountEntity {
  @PrimaryColumn('uuid') companyId!: string;
  @Column('text', { default: 'active' }) status!: 'active';
  /** The `company.created` event that opened it. */
  @Column('uuid') sourceEventId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
