import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig, toBoolean } from '@roster/config';

export class DirectoryConfig extends ServiceConfig {
  override HTTP_PORT = 3002;

  /** Platform switch: may signed-up users create companies at all (providers create customers either way). */
  @Transform(toBoolean) @IsBoolean() USERS_MAY_CREATE_COMPANIES = true;

  /** How long a deleted company can be restored by its owners. */
  @Type(() => Number) @IsInt() @Min(0) @Max(365) COMPANY_DELETE_GRACE_DAYS = 30;

  /**
   * How often the service purges companies deleted longer ago than COMPANY_DELETE_GRACE_DAYS; 0: never (an
   * operator can still run it: `POST /admin/companies/purge`).
   */
  @Type(() => Number) @IsInt() @Min(0) COMPANY_PURGE_INTERVAL_MS = 3_600_000;

  /** Platform operators (may run the company purge): user ids, comma separated. Service actors are too. */
  @IsString() PLATFORM_OPERATORS = '';

  /** Lifetime of an ownership-transfer token. */
  @Type(() => Number) @IsInt() @Min(1) @Max(24 * 30) OWNERSHIP_TRANSFER_TTL_HOURS = 72;
  /**
   * DNS servers used to verify company domains, `host:port` (or `host`) separated by commas; empty: the
   * system's resolvers. Tests point it at a local DNS server.
   */
  @Matches(/^$|^[^,\s]+(,[^,\s]+)*$/, { message: 'must be host:port entries separated by commas' })
  DNS_SERVERS = '';

  @Type(() => Number) @IsInt() @Min(100) @Max(30_000) DNS_TIMEOUT_MS = 3000;

  /** How long an invitation's accept link works. */
  @Type(() => Number) @IsInt() @Min(1) @Max(24 * 90) INVITATION_TTL_HOURS = 24 * 7;

  /** The least time between two resends of one invitation (429 sooner), and the most resends. */
  @Type(() => Number) @IsInt() @Min(0) @Max(86_400) INVITATION_RESEND_INTERVAL_SECONDS = 60;
  @Type(() => Number) @IsInt() @Min(1) @Max(100) INVITATION_MAX_RESENDS = 5;

  /** How long a contact verification code works, and how many wrong tries it takes. */
  @Type(() => Number) @IsInt() @Min(1) @Max(1440) CONTACT_CODE_TTL_MINUTES = 15;
  @Type(() => Number) @IsInt() @Min(1) @Max(20) CONTACT_CODE_MAX_ATTEMPTS = 5;

  get operatorIds(): Set<string> {
    return new Set(
      this.PLATFORM_OPERATORS.split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    );
  }
}
