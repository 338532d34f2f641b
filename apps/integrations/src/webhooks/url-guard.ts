import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';
import { AppError } from '@roster/contracts';

/** Ranges a deployment may open for development and tests (WEBHOOKS_ALLOW_PRIVATE_NETWORKS). */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/**
 * Why an address may not receive a webhook, or null when it may. Only public unicast addresses pass,
 * plus loopback/private ranges when `allowPrivate`. Link-local (169.254.0.0/16, the cloud metadata
 * service; fe80::/10), unspecified (0.0.0.0, ::), multicast, broadcast and reserved ranges never pass.
 */
export function refusedAddressReason(address: string, allowPrivate: boolean): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  const ip = ipaddr.process(address); // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as IPv4
  const range = ip.range();
  if (range === 'unicast') return null;
  if (allowPrivate && PRIVATE_RANGES.has(range)) return null;
  return `${ip.toString()} is in a ${range} range, which webhooks may not reach`;
}

const lookupAll = promisify(dnsLookup) as unknown as (
  host: string,
  options: { all: true },
) => Promise<LookupAddress[]>;

function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Every address the host resolves to must be allowed (an IP literal is its own address). */
export async function resolveAllowed(hostname: string, allowPrivate: boolean): Promise<LookupAddress[]> {
  const host = bareHost(hostname);
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }]
    : await lookupAll(host, { all: true });
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  for (const { address } of addresses) {
    const reason = refusedAddressReason(address, allowPrivate);
    if (reason) throw new Error(reason);
  }
  return addresses;
}

/** Checks a webhook URL at registration: http(s), no credentials, and a host that resolves to allowed addresses. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  const refuse = (message: string) =>
    new AppError('UNPROCESSABLE', `The webhook URL is not allowed: ${message}`, [{ field: 'url', message }]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('only http and https URLs');
  if (url.username || url.password) throw refuse('credentials in the URL are not allowed');
  try {
    await resolveAllowed(url.hostname, allowPrivate);
  } catch (error) {
    throw refuse((error as Error).message);
  }
  return url;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that checks the addresses the socket will actually connect to, at
 * delivery time: a host that resolved to a public address at registration and to 169.254.169.254 now
 * (DNS rebinding) is refused.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean } | number, callback: LookupCallback): void => {
    const all = typeof options === 'object' && options?.all === true;
    resolveAllowed(hostname, allowPrivate).then(
      (addresses) => {
        if (all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) =>
        callback(
          Object.assign(new Error(`address refused: ${error.message}`), { code: 'EREFUSED_ADDRESS' }),
          '',
          0,
        ),
    );
  };
}
