import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  DomainRemovedData,
  DomainSsoUpdatedData,
  DomainVerifiedData,
  SsoDiscoveryResponse,
} from '@roster/contracts';

/** `Acme.COM.` → `acme.com`: how domains are compared. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.+$/, '');
}

/** The domain part of an e-mail address, normalized. */
export function domainOf(email: string): string {
  return normalizeDomain(email.slice(email.lastIndexOf('@') + 1));
}

/**
 * SSO discovery from directory's domain events. A domain counts when it is verified (and not removed
 * since) and its SSO settings, written after any removal, are enabled. Only the exact domain matches
 * (a subdomain is a domain of its own to verify). When two companies have verified the same domain,
 * the latest verification wins.
 */
@Injectable()
export class SsoDomainsService {
  constructor(private readonly dataSource: DataSource) {}

  async discover(email: string): Promise<SsoDiscoveryResponse> {
    const rows: Array<{ protocol: 'oidc' | 'saml'; login_url: string }> = await this.dataSource.query(
      `SELECT sso->>'protocol' AS protocol, sso->>'loginUrl' AS login_url
         FROM sso_domains
        WHERE domain = $1
          AND verified_at IS NOT NULL AND (removed_at IS NULL OR removed_at < verified_at)
          AND sso IS NOT NULL AND (sso->>'enabled')::boolean
          AND (removed_at IS NULL OR sso_updated_at > removed_at)
        ORDER BY verified_at DESC
        LIMIT 1`,
      [domainOf(email)],
    );
    const row = rows[0];
    return { sso: row ? { protocol: row.protocol, loginUrl: row.login_url } : null };
  }

  async verified(manager: EntityManager, data: DomainVerifiedData): Promise<void> {
    await manager.query(
      `INSERT INTO sso_domains (domain, company_id, verified_at) VALUES ($1, $2, $3)
       ON CONFLICT (domain, company_id) DO UPDATE
         SET verified_at = GREATEST(sso_domains.verified_at, EXCLUDED.verified_at)`,
      [normalizeDomain(data.domain), data.companyId, data.verifiedAt],
    );
  }

  async removed(manager: EntityManager, data: DomainRemovedData): Promise<void> {
    await manager.query(
      `INSERT INTO sso_domains (domain, company_id, removed_at) VALUES ($1, $2, $3)
       ON CONFLICT (domain, company_id) DO UPDATE
         SET removed_at = GREATEST(sso_domains.removed_at, EXCLUDED.removed_at)`,
      [normalizeDomain(data.domain), data.companyId, data.removedAt],
    );
  }

  async ssoUpdated(manager: EntityManager, data: DomainSsoUpdatedData): Promise<void> {
    const sso = data.sso
      ? {
          enabled: data.sso.enabled,
          protocol: data.sso.protocol,
          loginUrl: data.sso.loginUrl,
          issuer: data.sso.issuer ?? null,
          clientId: data.sso.clientId ?? null,
        }
      : null;
    await manager.query(
      `INSERT INTO sso_domains (domain, company_id, sso, sso_updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (domain, company_id) DO UPDATE
         SET sso = EXCLUDED.sso, sso_updated_at = EXCLUDED.sso_updated_at
         WHERE sso_domains.sso_updated_at IS NULL OR sso_domains.sso_updated_at < EXCLUDED.sso_updated_at`,
      [
        normalizeDomain(data.domain),
        data.companyId,
        sso === null ? null : JSON.stringify(sso),
        data.updatedAt,
      ],
    );
  }
}
