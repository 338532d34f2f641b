import type { CompanyRole, MemberStatus } from '@roster/contracts';

export interface Actor {
  userId: string;
  role: CompanyRole;
  via: 'member' | 'provider';
}
export interface Target {
  userId: string;
  role: CompanyRole;
  status: MemberStatus;
}
/** What the actor wants to do to the target; nothing set means "any management at all". */
export interface MemberChange {
  role?: CompanyRole;
  status?: MemberStatus;
  remove?: boolean;
}

/**
 * Why `actor` may not make `change` to `target`, or null when allowed (403 material). Members manage
 * nobody but may leave; admins (also via a provider) manage admins and members but never an owner, nor
 * grant ownership; nobody disables themselves.
 */
export function manageRefusal(actor: Actor, target: Target, change: MemberChange = {}): string | null {
  const self = actor.via === 'member' && actor.userId === target.userId;
  if (self && change.remove) return null;
  if (actor.role === 'member') return 'Only owners and admins manage members';
  if (target.role === 'owner' && actor.role !== 'owner') return 'An admin cannot manage an owner';
  if (change.role === 'owner' && actor.role !== 'owner') return 'Only an owner can make someone an owner';
  if (self && change.status === 'disabled') return 'You cannot disable yourself';
  return null;
}

/**
 * Whether the change takes away the company's last active owner (409 material). `activeOwners` counts the
 * company's active owners before the change.
 */
export function removesLastOwner(activeOwners: number, target: Target, change: MemberChange): boolean {
  if (target.role !== 'owner' || target.status !== 'active') return false;
  const losesOwnership =
    change.remove === true ||
    (change.role !== undefined && change.role !== 'owner') ||
    change.status === 'disabled';
  return losesOwnership && activeOwners <= 1;
}
