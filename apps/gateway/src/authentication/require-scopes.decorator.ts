import { SetMetadata } from '@nestjs/common';
import type { ApiScope } from '@roster/contracts';

export const REQUIRED_SCOPES = 'roster:required-scopes';

/**
 * Opens a route to personal API tokens that hold all of `scopes` (none listed: any token). Routes
 * without it are closed to API tokens (403), so a new route is safe by default. Requests with a
 * login session's access token are not limited by scopes.
 */
export const RequireScopes = (...scopes: ApiScope[]) => SetMetadata(REQUIRED_SCOPES, scopes);

export const ALLOW_TWO_FACTOR_ENROLLMENT = 'roster:allow-two-factor-enrollment';

/**
 * Opens a route to restricted login tokens (a company enforces 2FA and the user has none yet): the
 * routes needed to set two-factor authentication up, check the session and log out.
 */
export const AllowTwoFactorEnrollment = () => SetMetadata(ALLOW_TWO_FACTOR_ENROLLMENT, true);
