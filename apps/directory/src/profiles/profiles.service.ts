import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, EventEnvelope, ProfileResponse, UserRegisteredData } from '@roster/contracts';
import { ProfileEntity } from './profile.entity';

/** Before a user sets a name, the display name is the part of the e-mail before the @. */
export function defaultDisplayName(email: string): string {
  return email.split('@')[0] || email;
}

@Injectable()
export class ProfilesService {
  constructor(private readonly dataSource: DataSource) {}

  async getMine(userId: string): Promise<ProfileResponse> {
    const profile = await this.dataSource.getRepository(ProfileEntity).findOneBy({ userId });
    if (!profile) throw new AppError('NOT_FOUND', 'No profile yet for this user');
    return {
      userId: profile.userId,
      email: profile.email,
      displayName: profile.displayName,
      createdAt: profile.createdAt.toISOString(),
    };
  }

  /** Idempotent on its own too: a profile that exists is left as it is. */
  async createFromRegistration(
    event: EventEnvelope<UserRegisteredData>,
    manager: EntityManager,
  ): Promise<void> {
    const { userId, email, registeredAt } = event.data;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ProfileEntity)
      .values({ userId, email, displayName: defaultDisplayName(email), createdAt: new Date(registeredAt) })
      .orIgnore()
      .execute();
  }
}
