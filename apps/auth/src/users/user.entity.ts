import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid') id!: string;

  /** Stored lower-cased; unique. */
  @Column('text', { unique: true }) email!: string;

  /** argon2id PHC string; never leaves this service. */
  @Column('text') passwordHash!: string;

  @Column('text', { default: 'active' }) status!: 'active' | 'disabled';

  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
