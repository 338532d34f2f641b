import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A pending hand-over of a company's ownership; only the SHA-256 of the token is stored. */
@Entity({ name: 'ownership_transfers' })
export class OwnershipTransferEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') companyId!: string;
  @Column('uuid') fromUserId!: string;
  @Column('uuid') toUserId!: string;
  @Column('text') tokenHash!: string;
  @Column('timestamptz') expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
