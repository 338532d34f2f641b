import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface IdNameValue {
  id: string;
  name: string;
}
export interface SyncroBilling {
  schedule_id: string;
  line_item_id: string;
  schedule_name?: string;
  line_item_name?: string;
}

/** A Roster company mapped to a PSA company (and agreement + addition, or a Syncro schedule line item). */
@Entity({ name: 'integration_mappings' })
export class MappingEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') integrationId!: string;
  @Column('uuid') companyId!: string;
  @Column('text') companyName!: string;
  @Column('text') psaCompanyId!: string;
  @Column('text') psaCompanyName!: string;
  @Column('jsonb', { nullable: true }) agreement!: IdNameValue | null;
  @Column('jsonb', { nullable: true }) addition!: IdNameValue | null;
  @Column('jsonb', { nullable: true }) billing!: SyncroBilling | null;
  @Column('integer', { nullable: true }) lastSyncedQuantity!: number | null;
  @Column('timestamptz', { nullable: true }) lastSyncedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
