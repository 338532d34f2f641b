import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type PsaJobKind = 'billing-sync' | 'ticket';
export type PsaJobStatus = 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'superseded';

/**
 * Work for a PSA, done outside the event handler so a slow PSA never holds a consumer: a billing sync run
 * (set a quantity) or a ticket to open. Retried with backoff; each failure is also an IntegrationErrorEntity.
 */
@Entity({ name: 'psa_jobs' })
export class PsaJobEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') integrationId!: string;
  @Column('text') kind!: PsaJobKind;
  @Column('uuid', { nullable: true }) companyId!: string | null;
  @Column('uuid', { nullable: true }) sourceEventId!: string | null;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('text') status!: PsaJobStatus;
  @Column('integer') attempts!: number;
  @Column('timestamptz') nextAttemptAt!: Date;
  @Column('timestamptz', { nullable: true }) lockedUntil!: Date | null;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('text', { nullable: true }) result!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
}

@Entity({ name: 'integration_errors' })
export class IntegrationErrorEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') integrationId!: string;
  @Column('uuid', { nullable: true }) companyId!: string | null;
  @Column('uuid', { nullable: true }) jobId!: string | null;
  @Column('text') operation!: string;
  @Column('text') message!: string;
  @Column('timestamptz') occurredAt!: Date;
}
