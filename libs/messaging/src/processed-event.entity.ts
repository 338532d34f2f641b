import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One row per event a consumer has handled; inserted in the handler's transaction. */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn('text') consumer!: string;
  @PrimaryColumn('uuid') eventId!: string;
  @CreateDateColumn({ type: 'timestamptz' }) processedAt!: Date;
}
