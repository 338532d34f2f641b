import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AccountLogType } from '@roster/contracts';

/** One line of a user's account log. `details` never holds a secret. */
@Entity({ name: 'account_log' })
@Index('account_log_user_idx', ['userId', 'createdAt'])
export class AccountLogEntryEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @Column('text') type!: AccountLogType;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'text', nullable: true }) userAgent!: string | null;
  @Column({ type: 'jsonb', default: {} }) details!: object;
  /** `clock_timestamp()`, not the transaction's start, so entries of one transaction keep their order. */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' }) createdAt!: Date;
}
