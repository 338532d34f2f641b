import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CompanyRole, MemberLogAction, MemberStatus } from '@roster/contracts';

export type { MemberLogAction } from '@roster/contracts';

/** One change to a membership, with who did it and from where; kept after the member leaves. */
@Entity({ name: 'member_log' })
export class MemberLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid') companyId!: string;
  @Column('uuid') userId!: string;
  @Column('text') action!: MemberLogAction;
  @Column('text') role!: CompanyRole;
  @Column('text') status!: MemberStatus;
  @Column({ type: 'text', nullable: true }) previousRole!: CompanyRole | null;
  @Column('int') sequence!: number;
  @Column('text') actorType!: string;
  @Column({ type: 'text', nullable: true }) actorId!: string | null;
  /** Under impersonation: who really acted as `actorId`. */
  @Column({ type: 'text', nullable: true }) actorImpersonatorId!: string | null;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'text', nullable: true }) userAgent!: string | null;
  @Column('timestamptz') at!: Date;
}
