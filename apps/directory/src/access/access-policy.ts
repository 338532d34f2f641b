import type { CompanyRole, MemberStatus, ProviderRole } from '@roster/contracts';

/** What a caller wants to do in a company; each level includes the ones before it. */
export type AccessLevel = 'read' | 'manage' | 'own';

export const LEVELS: Record<AccessLevel, readonly CompanyRole[]> = {
  read: ['owner', 'admin', 'member'],
  manage: ['owner', 'admin'],
  own: ['owner'],
};

export interface AccessFacts {
  membership: { role: CompanyRole; status: MemberStatus } | null;
  /** The caller's role at the company's provider, when the company has one and the caller administers it. */
  providerRole: ProviderRole | null;
}

export type ResolvedAccess =
  | { kind: 'none' }
  | { kind: 'disabled' }
  | { kind: 'granted'; role: CompanyRole; via: 'member' | 'provider' };

/**
 * Membership wins when it gives at least admin rights; a provider administrator otherwise acts as an
 * admin (via `provider`), also when their own membership there is plain or disabled. A disabled member
 * without provider rights has no access at all.
 */
export function resolveAccess({ membership, providerRole }: AccessFacts): ResolvedAccess {
  const active = membership?.status === 'active' ? membership : null;
  if (active && active.role !== 'member') return { kind: 'granted', role: active.role, via: 'member' };
  if (providerRole) return { kind: 'granted', role: 'admin', via: 'provider' };
  if (active) return { kind: 'granted', role: active.role, via: 'member' };
  if (membership) return { kind: 'disabled' };
  return { kind: 'none' };
}
