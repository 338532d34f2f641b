import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A user's profile, created from `auth.events.user.registered`. */
@Entity({ name: 'profiles' })
export class ProfileEntity {
  @PrimaryColumn('uuid') userId!: string;
  @Column('text') email!: string;
  @Column('text') displayName!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
