import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, UserRegistered, UserRegisteredData } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { ProfilesService } from '../profiles.service';

/** A new account in auth gets its profile here. */
@Injectable()
export class UserRegisteredListener {
  constructor(private readonly profiles: ProfilesService) {}

  @OnEvent(UserRegistered)
  handle(event: EventEnvelope<UserRegisteredData>, manager: EntityManager) {
    return this.profiles.createFromRegistration(event, manager);
  }
}
