import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A single-use recovery code; only the SHA-256 of its normalised form is stored. */
@Entity({ name: 'recovery_codes' })
@Unique('recovery_codes_user_code_key', ['userId', 'codeHash'])
export class RecoveryCodeEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @Column('text') codeHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt!: Date | null;
}
