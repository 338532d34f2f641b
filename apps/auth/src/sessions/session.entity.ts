import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A login: one refresh-token family. Revoking it ends every token of the family. */
@Entity({ name: 'sessions' })
@Index('sessions_user_idx', ['userId'])
export class SessionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz' }) lastUsedAt!: Date;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) revokedReason!: string | null;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'text', nullable: true }) userAgent!: string | null;
  /** `login` (password), `oauth` (a grant to `clientId` for `scopes`), `impersonation` (by `impersonatorId`). */
  @Column({ type: 'text', default: 'login' }) kind!: SessionKind;
  @Column({ type: 'text', nullable: true }) clientId!: string | null;
  @Column({ type: 'text', array: true, nullable: true }) scopes!: string[] | null;
  @Column({ type: 'uuid', nullable: true }) impersonatorId!: string | null;
  @Column({ type: 'uuid', nullable: true }) companyId!: string | null;
}

export type SessionKind = 'login' | 'oauth' | 'impersonation';
