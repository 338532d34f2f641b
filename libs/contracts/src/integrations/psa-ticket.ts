import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineRpc } from '../define';

export const PSA_TYPES = ['connectwise', 'autotask', 'syncro'] as const;
export type PsaType = (typeof PSA_TYPES)[number];

/**
 * Opens (or, with `ticketId`, updates) a ticket in the PSA connected for the company's provider or the
 * company itself. Internal: called by recipes inside integrations through the bus, as a service actor.
 */
export class OpenPsaTicketRequest {
  @IsUUID() companyId!: string;
  @IsOptional() @IsIn(PSA_TYPES) psaType?: PsaType;
  @IsString() @MaxLength(200) summary!: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
  @IsOptional() @IsString() ticketId?: string;
}
export interface PsaTicketResponse {
  psaType: PsaType;
  integrationId: string;
  ticketId: string;
  created: boolean;
}
export const OpenPsaTicket = defineRpc<OpenPsaTicketRequest, PsaTicketResponse>(
  'integrations.psa-ticket.open.v1',
  OpenPsaTicketRequest,
);
