import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'alert_configurations' })
export class AlertConfigurationEntity {
  @PrimaryColumn('uuid') integrationId!: string;
  @PrimaryColumn('uuid') alertId!: string;
  @Column('boolean') shouldCreateTickets!: boolean;
  @Column('jsonb') configuration!: Record<string, unknown>;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A ticket Roster opened (or is opening) in a PSA; at most one live per (integration, alert, subject). */
@Entity({ name: 'psa_tickets' })
export class PsaTicketEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') integrationId!: string;
  @Column('uuid', { nullable: true }) alertId!: string | null;
  @Column('text') subject!: string;
  @Column('uuid') companyId!: string;
  @Column('text', { nullable: true }) psaTicketId!: string | null;
  @Column('text') status!: 'opening' | 'open' | 'closed' | 'failed';
  @Column('text') summary!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
