/**
 * Error codes shared by every context. Services reply with an `RpcErrorBody`; the gateway maps it to an
 * RFC 9457 problem with the status carried here, so a code means the same thing everywhere.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 400,
  INVALID_GRANT: 400,
  INVALID_SCOPE: 400,
  UNAUTHORIZED_CLIENT: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_REFRESH_TOKEN: 401,
  SECOND_FACTOR_REQUIRED: 401,
  INVALID_SECOND_FACTOR: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  WEAK_PASSWORD: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  UPSTREAM_TIMEOUT: 504,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

export interface FieldError {
  /** Dotted path of the offending field, e.g. `name` or `members.2.email`. */
  field: string;
  message: string;
}

export interface RpcErrorBody {
  code: ErrorCodeName;
  retryAfterSeconds?: number;
  status: number;
  title: string;
  detail?: string;
  errors?: FieldError[];
}

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.status === 'number' && v.code in ErrorCode;
}

const TITLES: Partial<Record<ErrorCodeName, string>> = {
  VALIDATION_FAILED: 'The request is not valid',
  INVALID_GRANT: 'The authorization grant is not valid',
  INVALID_SCOPE: 'The requested scope is not allowed',
  UNAUTHORIZED_CLIENT: 'The client may not use this grant type',
  UNAUTHENTICATED: 'Authentication is required',
  INVALID_CREDENTIALS: 'The e-mail or password is wrong',
  INVALID_REFRESH_TOKEN: 'The refresh token is not valid',
  SECOND_FACTOR_REQUIRED: 'A second factor is required',
  INVALID_SECOND_FACTOR: 'The second factor is not valid',
  FORBIDDEN: 'You may not do this',
  ACCOUNT_DISABLED: 'This account is disabled',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  EMAIL_TAKEN: 'This e-mail address is already registered',
  GONE: 'No longer available',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'The content type is not supported',
  UNPROCESSABLE: 'The request cannot be processed',
  WEAK_PASSWORD: 'The password does not meet the policy',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  SERVICE_UNAVAILABLE: 'A service is unavailable',
  UPSTREAM_TIMEOUT: 'A service did not answer in time',
};

/** A coded error a service throws on purpose; it crosses NATS as an `RpcErrorBody`. */
export class AppError extends Error {
  /** For RATE_LIMITED: how long the caller should wait (sent as `Retry-After`). */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ErrorCodeName,
    detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? TITLES[code] ?? code);
    this.name = 'AppError';
  }

  get status(): number {
    return ErrorCode[this.code];
  }

  toBody(): RpcErrorBody {
    return {
      code: this.code,
      status: this.status,
      title: TITLES[this.code] ?? this.code,
      detail: this.message,
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...(this.retryAfterSeconds ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }

  static fromBody(body: RpcErrorBody): AppError {
    const error = new AppError(body.code, body.detail, body.errors);
    if (body.retryAfterSeconds) error.retryAfterSeconds = body.retryAfterSeconds;
    return error;
  }
}
