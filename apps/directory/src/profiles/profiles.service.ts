import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  EventEnvelope,
  MyProfileResponse,
  PICTURE_MAX_BYTES,
  PictureContentType,
  PictureResponse,
  PublicProfileResponse,
  SetMyPictureRequest,
  UpdateMyProfileRequest,
  UserRegisteredData,
} from '@roster/contracts';
import { InvitationsService } from '../invitations/invitations.service';
import { ProfilePictureEntity } from './profile-picture.entity';
import { ProfileEntity } from './profile.entity';
import { pictureTypeOf } from './picture-type';

/** Before a user sets a name, the display name is the part of the e-mail before the @. */
export function defaultDisplayName(email: string): string {
  return email.split('@')[0] || email;
}

/** "First Last" from whichever names are set, else the e-mail's local part. */
export function displayNameOf(p: Pick<ProfileEntity, 'firstName' | 'lastName' | 'email'>): string {
  const name = [p.firstName, p.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  return name || defaultDisplayName(p.email);
}

const noProfile = () => new AppError('NOT_FOUND', 'No profile yet for this user');

@Injectable()
export class ProfilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: InvitationsService,
  ) {}

  async getMine(userId: string): Promise<MyProfileResponse> {
    const profile = await this.dataSource.getRepository(ProfileEntity).findOneBy({ userId });
    if (!profile) throw noProfile();
    return this.toResponse(profile);
  }

  async updateMine(userId: string, request: UpdateMyProfileRequest): Promise<MyProfileResponse> {
    return this.dataSource.transaction(async (manager) => {
      const profile = await manager
        .createQueryBuilder(ProfileEntity, 'p')
        .where('p.user_id = :userId', { userId })
        .setLock('pessimistic_write')
        .getOne();
      if (!profile) throw noProfile();
      const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);
      const changes: Partial<ProfileEntity> = {};
      if (request.firstName !== undefined) changes.firstName = blankToNull(request.firstName);
      if (request.lastName !== undefined) changes.lastName = blankToNull(request.lastName);
      if (request.locale !== undefined) changes.locale = request.locale;
      if (request.phone !== undefined) changes.phone = request.phone;
      if (request.publicProfile !== undefined) changes.publicProfile = request.publicProfile;
      const next = { ...profile, ...changes };
      changes.displayName = displayNameOf(next);
      await manager.update(ProfileEntity, { userId }, changes);
      return this.toResponse(await manager.findOneByOrFail(ProfileEntity, { userId }), manager);
    });
  }

  /** 404 unless the user made the profile public (nobody learns whether a private one exists). */
  async getPublic(userId: string): Promise<PublicProfileResponse> {
    const profile = await this.dataSource.manager.findOneBy(ProfileEntity, { userId, publicProfile: true });
    if (!profile) throw new AppError('NOT_FOUND', 'Profile not found');
    return {
      userId: profile.userId,
      displayName: profile.displayName,
      firstName: profile.firstName,
      lastName: profile.lastName,
      hasPicture: await this.hasPicture(userId),
    };
  }

  async setPicture(
    userId: string,
    request: SetMyPictureRequest,
  ): Promise<{ updatedAt: string; size: number }> {
    const data = Buffer.from(request.dataBase64, 'base64');
    if (data.length > PICTURE_MAX_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `A picture may have at most ${PICTURE_MAX_BYTES} bytes`);
    // The bytes must really be the image type claimed (no HTML or scripts served as a picture).
    if (pictureTypeOf(data) !== request.contentType)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The data is not a ${request.contentType} image`);
    if (!(await this.dataSource.manager.existsBy(ProfileEntity, { userId }))) throw noProfile();
    const updatedAt = new Date();
    await this.dataSource.manager.upsert(
      ProfilePictureEntity,
      { userId, contentType: request.contentType, data, updatedAt },
      ['userId'],
    );
    return { updatedAt: updatedAt.toISOString(), size: data.length };
  }

  /** Anyone signed in may see the picture of a public profile; 404 otherwise. */
  async getPublicPicture(userId: string): Promise<PictureResponse> {
    if (!(await this.dataSource.manager.existsBy(ProfileEntity, { userId, publicProfile: true })))
      throw new AppError('NOT_FOUND', 'No picture');
    return this.getPicture(userId);
  }

  async getPicture(userId: string): Promise<PictureResponse> {
    const picture = await this.dataSource.manager.findOneBy(ProfilePictureEntity, { userId });
    if (!picture) throw new AppError('NOT_FOUND', 'No picture');
    return {
      contentType: picture.contentType as PictureContentType,
      dataBase64: picture.data.toString('base64'),
      updatedAt: picture.updatedAt.toISOString(),
    };
  }

  async deletePicture(userId: string): Promise<{ deleted: true }> {
    const result = await this.dataSource.manager.delete(ProfilePictureEntity, { userId });
    if (!result.affected) throw new AppError('NOT_FOUND', 'No picture');
    return { deleted: true };
  }

  /**
   * Idempotent on its own too: a profile that exists is left as it is. Invitations accepted with their
   * token before this account existed become memberships now.
   */
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
    await this.invitations.completeAwaitingSignup(manager, userId, email, {
      tenantId: null,
      actor: { type: 'user', id: userId },
      correlationId: event.correlationId,
      causationId: event.eventId,
    });
  }

  private async hasPicture(userId: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.dataSource.manager).existsBy(ProfilePictureEntity, { userId });
  }

  private async toResponse(profile: ProfileEntity, manager?: EntityManager): Promise<MyProfileResponse> {
    return {
      userId: profile.userId,
      email: profile.email,
      displayName: profile.displayName,
      firstName: profile.firstName,
      lastName: profile.lastName,
      locale: profile.locale,
      phone: profile.phone,
      publicProfile: profile.publicProfile,
      hasPicture: await this.hasPicture(profile.userId, manager),
      createdAt: profile.createdAt.toISOString(),
      updatedAt: profile.updatedAt.toISOString(),
    };
  }
}
