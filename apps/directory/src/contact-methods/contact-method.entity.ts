import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ContactKind } from '@roster/contracts';

/** A labelled e-mail address or phone number; only the SHA-256 of a pending verification code is kept. */
@Entity({ name: 'contact_methods' })
export class ContactMethodEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @Column('text') kind!: ContactKind;
  @Column('text') label!: string;
  @Column('text') value!: string;
  @Column({ type: 'timestamptz', nullable: true }) verifiedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) codeHash!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) codeExpiresAt!: Date | null;
  @Column('int') failedAttempts!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
