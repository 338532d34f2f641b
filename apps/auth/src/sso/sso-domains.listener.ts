import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  DomainRemoved,
  DomainRemovedData,
  DomainSsoUpdated,
  DomainSsoUpdatedData,
  DomainVerified,
  DomainVerifiedData,
  EventEnvelope,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { SsoDomainsService } from './sso-domains.service';

/** Keeps auth's copy of directory's domains and their SSO settings. */
@Injectable()
export class SsoDomainsListener {
  constructor(private readonly domains: SsoDomainsService) {}

  @OnEvent(DomainVerified)
  onVerified(event: EventEnvelope<DomainVerifiedData>, manager: EntityManager): Promise<void> {
    return this.domains.verified(manager, event.data);
  }

  @OnEvent(DomainRemoved)
  onRemoved(event: EventEnvelope<DomainRemovedData>, manager: EntityManager): Promise<void> {
    return this.domains.removed(manager, event.data);
  }

  @OnEvent(DomainSsoUpdated)
  onSsoUpdated(event: EventEnvelope<DomainSsoUpdatedData>, manager: EntityManager): Promise<void> {
    return this.domains.ssoUpdated(manager, event.data);
  }
}
