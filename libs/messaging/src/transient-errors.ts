/**
 * Whether an error means the database (or the pool's connection to it) is unavailable right now, as
 * opposed to a bug: refused or reset connections, a server shutting down or starting up, a terminated
 * backend, or no pool connection within the connect timeout. Callers answer 503 (retry later), not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as
        { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined,
      depth = 0;
    e && depth < 4;
    depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    // TypeORM releases a transaction's query runner when its connection dies under it; which of the two
    // errors surfaces depends on whether the next call goes through the runner or the entity manager.
    const name = (e as { name?: unknown }).name;
    if (name === 'QueryRunnerAlreadyReleasedError' || name === 'QueryRunnerProviderAlreadyReleasedError')
      return true;
    // SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now),
    // 53300 (too many connections); Node socket errors.
    if (/^08|^57P0[1-3]$|^53300$/.test(code)) return true;
    if (/^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/.test(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Cannot use a pool after calling end|Client was closed/i.test(
        message,
      )
    )
      return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
