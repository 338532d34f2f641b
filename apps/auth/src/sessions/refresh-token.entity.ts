import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a session's rotation chain. Only its SHA-256 is stored: the token is 256 random
 * bits, so a fast hash is enough to make a stolen table useless, and the lookup stays an index probe.
 */
@Entity({ name: 'refresh_tokens' })
@Index('refresh_tokens_session_idx', ['sessionId'])
export class RefreshTokenEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') sessionId!: string;
  @Column('text', { unique: true }) tokenHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  /** Set when rotated: presenting it again means it leaked, and the whole family is revoked. */
  @Column({ type: 'timestamptz', nullable: true }) usedAt!: Date | null;
}
