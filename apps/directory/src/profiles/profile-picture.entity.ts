import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The bytes of a profile picture, apart from the profile so profile reads never load them. */
@Entity({ name: 'profile_pictures' })
export class ProfilePictureEntity {
  @PrimaryColumn('uuid') userId!: string;
  @Column('text') contentType!: string;
  @Column('bytea') data!: Buffer;
  @Column({ type: 'timestamptz' }) updatedAt!: Date;
}
