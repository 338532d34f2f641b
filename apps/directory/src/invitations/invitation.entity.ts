import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CompanyRole, InvitationStatus } from '@roster/contracts';

/** An invitation to a company; only the SHA-256 of its accept token is kept. */
@Entity({ name: 'invitations' })
export class InvitationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') companyId!: string;
  @Column('text') email!: string;
  @Column('text') role!: CompanyRole;
  @Column('text') status!: InvitationStatus;
  @Column('text') tokenHash!: string;
  @Column({ type: 'uuid', nullable: true }) invitedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) resentAt!: Date | null;
  @Column('int') resendCount!: number;
  @Column({ type: 'timestamptz', nullable: true }) respondedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) acceptedBy!: string | null;
  /** Accepted with the token before the invitee had an account: joins when that e-mail signs up. */
  @Column('boolean') awaitingSignup!: boolean;
}
