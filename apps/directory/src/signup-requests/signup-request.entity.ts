import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user asking to join a company; an admin confirms (membership) or deletes it. */
@Entity({ name: 'signup_requests' })
export class SignupRequestEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') companyId!: string;
  @Column('uuid') userId!: string;
  @Column('text') email!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
