import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ApiScope } from '@roster/contracts';

/** A personal API token. The secret is never stored: its SHA-256 for lookup, its prefix for display. */
@Entity({ name: 'api_tokens' })
@Index('api_tokens_user_idx', ['userId'])
export class ApiTokenEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @Column('text') name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'text', array: true }) scopes!: ApiScope[];
  @Column('text') prefix!: string;
  @Column('text', { unique: true }) tokenHash!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
