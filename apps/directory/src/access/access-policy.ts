import * as ipaddr from 'ipaddr.js';
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

/**
 * Whether a client address passes a company's IP allow-list (addresses and CIDR ranges, as
 * `normaliseIpAllowList` stores them). An empty list allows everyone; an IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.1`) counts as its IPv4 address. An address that does not parse never passes a list.
 */
export function ipAllowed(allowList: readonly string[] | null | undefined, ip: string): boolean {
  if (!allowList?.length) return true;
  if (!ipaddr.isValid(ip)) return false;
  const address = ipaddr.process(ip);
  return allowList.some((entry) => {
    if (entry.includes('/')) {
      const [range, bits] = ipaddr.parseCIDR(entry);
      return range.kind() === address.kind() && address.match(range, bits);
    }
    return ipaddr.process(entry).toNormalizedString() === address.toNormalizedString();
  });
}
