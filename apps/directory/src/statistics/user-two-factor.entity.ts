import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Whether a user has a second factor, kept from auth's TwoFactorEnabled/Disabled events. */
@Entity({ name: 'user_two_factor' })
export class UserTwoFactorEntity {
  @PrimaryColumn('uuid') userId!: string;
  @Column('boolean') enabled!: boolean;
  @Column('timestamptz') changedAt!: Date;
}
