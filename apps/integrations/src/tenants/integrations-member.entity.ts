import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who belongs to which company, from directory's member events: lets a user's alert reach their companies. */
@Entity({ name: 'integration_members' })
export class IntegrationsMemberEntity {
  @PrimaryColumn('uuid') companyId!: string;
  @PrimaryColumn('uuid') userId!: string;
  @Column('text') role!: string;
  @Column('bigint') sequence!: string;
  @Column('boolean') active!: boolean;
}
