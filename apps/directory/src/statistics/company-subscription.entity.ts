import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Seats purchased, kept from billing's SubscriptionUpdated events. */
@Entity({ name: 'company_subscriptions' })
export class CompanySubscriptionEntity {
  @PrimaryColumn('uuid') companyId!: string;
  @Column('text') status!: string;
  @Column('int') quantity!: number;
  @Column({ type: 'int', nullable: true }) seatCap!: number | null;
  @Column('timestamptz') updatedAt!: Date;
}
