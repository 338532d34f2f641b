import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One per company, opened when directory announces the company. */
@Entity({ name: 'integration_tenants' })
export class IntegrationsTenantEntity {
  @PrimaryColumn('uuid') companyId!: string;
  @Column('text') companyName!: string;
  @Column('uuid') sourceEventId!: string;
  /** The provider (MSP) whose customer the company is, when it is one. */
  @Column('uuid', { nullable: true }) providerId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
