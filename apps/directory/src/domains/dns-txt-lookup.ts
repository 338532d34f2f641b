import { Injectable } from '@nestjs/common';
import { Resolver } from 'node:dns/promises';
import { AppError } from '@roster/contracts';
import { DirectoryConfig } from '../config/directory.config';

/** DNS_SERVERS entries as node's Resolver#setServers takes them (`host`, `host:port`, `[v6]:port`). */
export function parseDnsServers(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** TXT lookups for domain verification, against the configured DNS servers. */
@Injectable()
export class DnsTxtLookup {
  constructor(private readonly config: DirectoryConfig) {}

  /** The domain's TXT strings (chunks joined); [] when the name or record does not exist. */
  async txt(domain: string): Promise<string[]> {
    const resolver = new Resolver({ timeout: this.config.DNS_TIMEOUT_MS, tries: 2 });
    const servers = parseDnsServers(this.config.DNS_SERVERS);
    if (servers.length) resolver.setServers(servers);
    try {
      const records = await resolver.resolveTxt(domain);
      return records.map((chunks) => chunks.join(''));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
      throw new AppError('SERVICE_UNAVAILABLE', `The DNS lookup of ${domain} failed (${code ?? 'error'})`);
    }
  }
}
