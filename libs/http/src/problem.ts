import type { ErrorCodeName, FieldError } from '@roster/contracts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, with Roster's `code` and field `errors` as extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCodeName;
  errors?: FieldError[];
  requestId?: string;
}

/** `VALIDATION_FAILED` -> `urn:roster:problem:validation-failed`; listed in docs/api.md. */
export function problemType(code: ErrorCodeName): string {
  return `urn:roster:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
