import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The latest brute-force lock of each account, kept only so that AccountLocked is emitted once per lock
 * (the lock itself is computed from login_attempts).
 */
@Entity({ name: 'account_locks' })
export class AccountLockEntity {
  @PrimaryColumn('uuid') userId!: string;
  @Column({ type: 'timestamptz' }) lockedAt!: Date;
  @Column({ type: 'timestamptz' }) lockedUntil!: Date;
}
