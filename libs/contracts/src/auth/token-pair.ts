/** What a successful login or refresh returns. */
export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  sessionId: string;
  /**
   * Set when the tokens are restricted: `two_factor_enrollment` means a company of the user enforces
   * two-factor authentication and the user has none yet, so the access token only allows setting it up
   * (then refresh for a full one).
   */
  restriction?: 'two_factor_enrollment';
}

/** The scope of a restricted (enrolment-only) access token. */
export const TWO_FACTOR_ENROLLMENT_SCOPE = 'two_factor:enroll';
