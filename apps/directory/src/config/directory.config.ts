import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@roster/config';

const toBoolean = ({ value }: { value: unknown }) => value === true || value === 'true' || value === '1';

export class DirectoryConfig extends ServiceConfig {
  override HTTP_PORT = 3002;

  /** Platform switch: may signed-up users create companies at all (providers create customers either way). */
  @Transform(toBoolean) @IsBoolean() USERS_MAY_CREATE_COMPANIES = true;

  /** How long a deleted company can be restored by its owners. */
  @Type(() => Number) @IsInt() @Min(0) @Max(365) COMPANY_DELETE_GRACE_DAYS = 30;

  /** Lifetime of an ownership-transfer token. */
  @Type(() => Number) @IsInt() @Min(1) @Max(24 * 30) OWNERSHIP_TRANSFER_TTL_HOURS = 72;
}
