import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@roster/config';
import { ACCESS_TOKEN_MAX_TTL_SECONDS } from '@roster/contracts';

export class AuthConfig extends ServiceConfig {
  override HTTP_PORT = 3001;

  /** `iss` of every token; the gateway checks the same value. */
  @IsString() @MinLength(1) JWT_ISSUER = 'http://localhost:3000';

  /** `aud` of access tokens; the gateway checks the same value. */
  @IsString() @MinLength(1) JWT_AUDIENCE = 'roster-api';

  @Type(() => Number) @IsInt() @Min(30) @Max(ACCESS_TOKEN_MAX_TTL_SECONDS) ACCESS_TOKEN_TTL_SECONDS = 900;

  @Type(() => Number) @IsInt() @Min(300) @Max(90 * 24 * 3600) REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

  /**
   * PKCS#8 PEM of the EC P-256 signing key. When absent, auth generates one on first start and keeps it
   * in its database (fine for local runs; production passes it from a Secret).
   */
  @IsOptional() @IsString() JWT_PRIVATE_KEY?: string;

  /** argon2id cost: OWASP's 19 MiB, t=2, p=1 by default. */
  @Type(() => Number) @IsInt() @Min(8192) @Max(1_048_576) ARGON2_MEMORY_KIB = 19_456;
  @Type(() => Number) @IsInt() @Min(1) @Max(10) ARGON2_TIME_COST = 2;
}
