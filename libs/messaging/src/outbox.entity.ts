import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An event written in the same transaction as the change it describes; the relay publishes it. */
@Entity({ name: 'outbox' })
@Index('outbox_unsent_idx', ['seq'], { where: 'sent_at IS NULL' })
export class OutboxEntity {
  /** The event id: also the JetStream `Nats-Msg-Id`, so a re-publish is de-duplicated. */
  @PrimaryColumn('uuid') id!: string;

  /** Publication order. */
  @Column({ type: 'bigint', generated: 'increment', unique: true }) seq!: string;

  /** Unprefixed subject, e.g. `directory.events.company.created`. */
  @Column('text') subject!: string;

  @Column('jsonb') envelope!: object;

  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true }) sentAt!: Date | null;

  /** W3C trace context of the writing transaction; sent as the `traceparent` header. */
  @Column({ type: 'text', nullable: true }) traceparent!: string | null;

  @Column({ type: 'int', default: 0 }) attempts!: number;

  @Column({ type: 'text', nullable: true }) lastError!: string | null;
}
