import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A provider (MSP / partner) that manages customer companies. */
@Entity({ name: 'providers' })
export class ProviderEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** When false, members of this provider's customers may not create companies of their own. */
  @Column('boolean') customersMayCreateCompanies!: boolean;
  @Column('uuid') createdBy!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
