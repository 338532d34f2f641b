import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ProviderRole } from '@roster/contracts';

/** A user who administers a provider and, through it, every customer company of that provider. */
@Entity({ name: 'provider_administrators' })
export class ProviderAdministratorEntity {
  @PrimaryColumn('uuid') providerId!: string;
  @PrimaryColumn('uuid') userId!: string;
  @Column('text') role!: ProviderRole;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
