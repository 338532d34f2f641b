import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose';
import { createPublicKey } from 'node:crypto';

/** A fresh EC P-256 signing key as PKCS#8 PEM, handed to auth as JWT_PRIVATE_KEY in tests. */
export function newSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export async function kidOf(privateKeyPem: string): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(createPublicKey(createPrivateKey(privateKeyPem))));
}

export interface MintOptions {
  privateKeyPem: string;
  issuer: string;
  audience: string;
  subject: string;
  sessionId: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  kid?: string;
  typ?: string;
}

/** Mints an access token the way auth does, so tests can vary one claim at a time. */
export async function mintAccessToken(o: MintOptions): Promise<string> {
  const key: KeyObject = createPrivateKey(o.privateKeyPem);
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (o.expiresIn ?? 300);
  return new SignJWT({ sid: o.sessionId })
    .setProtectedHeader({
      alg: 'ES256',
      kid: o.kid ?? (await kidOf(o.privateKeyPem)),
      typ: o.typ ?? 'at+jwt',
    })
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setSubject(o.subject)
    .setIssuedAt(Math.min(now, exp - 60))
    .setNotBefore(Math.min(now, exp - 60))
    .setExpirationTime(exp)
    .setJti(`test-${now}-${Math.random()}`)
    .sign(key);
}

/** An unsigned `alg: none` token carrying the given claims (RFC 8725 says: always refuse). */
export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'at+jwt' })}.${enc(claims)}.`;
}
