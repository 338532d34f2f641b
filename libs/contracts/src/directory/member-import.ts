import { IsString, IsUUID, MaxLength } from 'class-validator';
import { defineRpc } from '../define';

/** Largest CSV accepted, in characters. */
export const MEMBER_IMPORT_MAX_CHARS = 512 * 1024;

export interface MemberImportFailure {
  /** 1-based line of the CSV file (the header is line 1). */
  line: number;
  email: string | null;
  reason: string;
}
export interface MemberImportReport {
  /** Data rows in the file. */
  total: number;
  /** Existing users added as members. */
  created: number;
  /** Unknown e-mails invited. */
  invited: number;
  failed: number;
  failures: MemberImportFailure[];
  /** True when the company's seats ran out and later rows were neither added nor invited. */
  maxSubscriptionSizeReached: boolean;
}

/**
 * CSV with a header; columns `email` (required) and `role` (`member` or `admin`, default member).
 * 400 naming the line for a malformed file; nothing is imported then.
 */
export class ImportMembersRequest {
  @IsUUID() companyId!: string;
  @IsString() @MaxLength(MEMBER_IMPORT_MAX_CHARS) csv!: string;
}
export const ImportMembers = defineRpc<ImportMembersRequest, MemberImportReport>(
  'directory.member.import.v1',
  ImportMembersRequest,
);
