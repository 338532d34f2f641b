import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type LoginAttemptKind = 'login' | 'reauthentication';

/**
 * One attempt to prove who you are: a login, or a re-authentication (current password or TOTP code
 * for a sensitive change). Failures are counted per e-mail and per client IP; rows older than the
 * counting window are pruned.
 */
@Entity({ name: 'login_attempts' })
@Index('login_attempts_email_idx', ['email', 'createdAt'])
@Index('login_attempts_created_idx', ['createdAt'])
export class LoginAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  /** Normalised; recorded whether or not an account has it, so answers never differ by existence. */
  @Column('text') email!: string;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'text', default: 'login' }) kind!: LoginAttemptKind;
  @Column('boolean') succeeded!: boolean;
  /** Set by the service's clock, the same clock the window is computed with. */
  @Column({ type: 'timestamptz' }) createdAt!: Date;
}
