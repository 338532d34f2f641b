import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A user's profile, created from `auth.events.user.registered`. */
@Entity({ name: 'profiles' })
export class ProfileEntity {
  @PrimaryColumn('uuid') userId!: string;
  @Column('text') email!: string;
  /** Derived: "first last" when a name is set, else the e-mail's local part. */
  @Column('text') displayName!: string;
  @Column({ type: 'text', nullable: true }) firstName!: string | null;
  @Column({ type: 'text', nullable: true }) lastName!: string | null;
  @Column({ type: 'text', nullable: true }) locale!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'boolean', default: false }) publicProfile!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
