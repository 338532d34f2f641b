import type { PsaLookupItem, PsaLookupKind, PsaLookupPage, PsaType } from '@roster/contracts';

/** Why a PSA call failed: `rejected` (credentials refused), `unavailable` (down, 5xx, timeout), `invalid` (4xx). */
export type PsaFailureKind = 'rejected' | 'unavailable' | 'invalid';

export class PsaError extends Error {
  constructor(
    readonly kind: PsaFailureKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'PsaError';
  }
}

export interface LookupQuery {
  page: number;
  pageSize: number;
  search?: string;
  parentId?: string;
  /** ConnectWise / Autotask: only companies of these types (settings). */
  companyTypeIds?: number[];
}

/** What billing sync needs from a mapping. */
export interface SeatTarget {
  psaCompanyId: string;
  agreementId?: string | null;
  additionId?: string | null;
  scheduleId?: string | null;
  lineItemId?: string | null;
}

export interface TicketInput {
  psaCompanyId: string;
  summary: string;
  description: string;
  /** The alert configuration for this PSA (queue, source, status, priority, dueDays, resource, problemType…). */
  configuration: Record<string, unknown>;
}

/**
 * The port every PSA adapter implements, in Roster's terms. Adapters speak the PSA's own REST API and
 * authentication, time out every call and translate failures into PsaError.
 */
export interface PsaConnector {
  readonly type: PsaType;
  /** Calls the PSA with the credentials; throws PsaError('rejected', reason) when it refuses them. */
  validate(): Promise<void>;
  lookup(kind: PsaLookupKind, query: LookupQuery): Promise<PsaLookupPage>;
  /** One PSA company by id, or null when the PSA does not know it. */
  findCompany(id: string): Promise<PsaLookupItem | null>;
  /**
   * One agreement (ConnectWise) / contract (Autotask) / recurring schedule (Syncro) by id with the PSA
   * company it belongs to, or null when the PSA does not know it.
   */
  findAgreement(id: string): Promise<(PsaLookupItem & { companyId: string | null }) | null>;
  /** One addition / contract service / schedule line item of the agreement, or null when it has no such one. */
  findAddition(agreementId: string, id: string): Promise<PsaLookupItem | null>;
  /** Sets the billed quantity of the mapped agreement addition / contract service / line item. */
  setSeatQuantity(target: SeatTarget, quantity: number): Promise<string>;
  /** Choices for alert ticket configuration: queues/boards, sources, statuses, priorities, resources, problem types. */
  alertOptions(): Promise<Record<string, PsaLookupItem[]>>;
  openTicket(input: TicketInput): Promise<string>;
  /** Adds a note to an existing ticket (recipes "update a ticket"). */
  addTicketNote(ticketId: string, summary: string, description: string): Promise<void>;
  /** False when the ticket was closed (or deleted) in the PSA. */
  isTicketOpen(ticketId: string): Promise<boolean>;
}
