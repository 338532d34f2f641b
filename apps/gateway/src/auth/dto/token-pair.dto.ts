import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TokenPair } from '@roster/contracts';

export class TokenPairDto implements TokenPair {
  @ApiProperty({ description: 'ES256-signed JWT (typ at+jwt), at most 15 minutes' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({ description: 'Opaque; single use (rotated on refresh); reuse revokes the session' })
  refreshToken!: string;
  @ApiProperty() refreshExpiresIn!: number;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiPropertyOptional({
    enum: ['two_factor_enrollment'],
    description:
      'Present when a company you belong to enforces two-factor authentication and you have none: the access ' +
      'token then only allows GET /me/2fa, POST /me/2fa/totp, POST /me/2fa/totp/confirm, GET /auth/check and ' +
      'POST /auth/logout (403 elsewhere). Once 2FA is on, POST /auth/refresh returns unrestricted tokens.',
  })
  restriction?: 'two_factor_enrollment';
}
