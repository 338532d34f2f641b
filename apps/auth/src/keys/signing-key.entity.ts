import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A generated signing key (only when JWT_PRIVATE_KEY is not configured). */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn('text') kid!: string;
  @Column('text') algorithm!: string;
  @Column('text') privateKeyPem!: string;
  @Column('jsonb') publicJwk!: Record<string, string>;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
