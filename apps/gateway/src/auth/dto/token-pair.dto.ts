import { ApiProperty } from '@nestjs/swagger';
import type { TokenPair } from '@roster/contracts';

export class TokenPairDto implements TokenPair {
  @ApiProperty({ description: 'ES256-signed JWT (typ at+jwt), at most 15 minutes' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn!: number;
  @ApiProperty({ description: 'Opaque; single use (rotated on refresh); reuse revokes the session' })
  refreshToken!: string;
  @ApiProperty() refreshExpiresIn!: number;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
}
