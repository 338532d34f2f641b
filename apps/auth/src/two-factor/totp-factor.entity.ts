import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type TotpFactorStatus = 'pending' | 'enabled';

const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A user's TOTP factor: pending from enrolment until confirmed with a code, then enabled. */
@Entity({ name: 'totp_factors' })
export class TotpFactorEntity {
  @PrimaryColumn('uuid') userId!: string;
  /** Sealed by `SecretCipher` (AES-256-GCM, AUTH_ENCRYPTION_KEYS, bound to the user); never logged. */
  @Column('text') secret!: string;
  @Column('text') status!: TotpFactorStatus;
  /** The 30-second step of the last accepted code: that code (and older ones) never work again. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber }) lastUsedStep!: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) enabledAt!: Date | null;
}
