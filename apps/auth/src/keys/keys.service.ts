import { Injectable, OnModuleInit } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, JWK } from 'jose';
import { DataSource, IsNull } from 'typeorm';
import { ACCESS_TOKEN_ALGORITHM, JsonWebKeySet } from '@roster/contracts';
import { AuthConfig } from '../config/auth.config';
import { SigningKeyEntity } from './signing-key.entity';

interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

/**
 * The key that signs access tokens (ES256), and the public key set the gateway verifies against.
 * The `kid` is the key's RFC 7638 thumbprint, so every replica names the same key the same way.
 */
@Injectable()
export class KeysService implements OnModuleInit {
  private active?: ActiveKey;
  private published: JWK[] = [];

  constructor(
    private readonly config: AuthConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const repo = this.dataSource.getRepository(SigningKeyEntity);
    if (this.config.JWT_PRIVATE_KEY) {
      this.active = await describe(createPrivateKey(this.config.JWT_PRIVATE_KEY.replace(/\\n/g, '\n')));
    } else {
      let stored = await repo.findOne({ where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
      if (!stored) {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const key = await describe(privateKey);
        await repo
          .createQueryBuilder()
          .insert()
          .values({
            kid: key.kid,
            algorithm: ACCESS_TOKEN_ALGORITHM,
            privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
            publicJwk: key.publicJwk as unknown as Record<string, string>,
          })
          .orIgnore()
          .execute();
        // Another replica may have won the race: use whatever is newest now.
        stored = await repo.findOneOrFail({ where: { retiredAt: IsNull() }, order: { createdAt: 'DESC' } });
      }
      this.active = await describe(createPrivateKey(stored.privateKeyPem));
    }
    // Publish every unretired key, so tokens signed before a rotation stay verifiable until they expire.
    const others = await repo.find({ where: { retiredAt: IsNull() } });
    const byKid = new Map<string, JWK>(others.map((k) => [k.kid, k.publicJwk as unknown as JWK]));
    for (const pem of splitPems(this.config.JWT_RETIRED_PUBLIC_KEYS ?? '')) {
      const retired = await publicJwkOf(createPublicKey(pem));
      byKid.set(retired.kid!, retired);
    }
    byKid.set(this.active.kid, this.active.publicJwk);
    this.published = [...byKid.values()];
  }

  get signingKey(): ActiveKey {
    if (!this.active) throw new Error('Signing key not loaded');
    return this.active;
  }

  jwks(): JsonWebKeySet {
    return { keys: this.published.map((k) => ({ ...k }) as unknown as Record<string, string>) };
  }
}

function assertP256(key: KeyObject, variable: string): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${variable} must hold EC P-256 keys (PEM)`);
  }
}

async function publicJwkOf(publicKey: KeyObject): Promise<JWK> {
  assertP256(publicKey, 'JWT_RETIRED_PUBLIC_KEYS');
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
}

async function describe(privateKey: KeyObject): Promise<ActiveKey> {
  assertP256(privateKey, 'JWT_PRIVATE_KEY');
  const publicJwk = await publicJwkOf(createPublicKey(privateKey));
  return { kid: publicJwk.kid!, privateKey, publicJwk };
}

/** Environment variables carry PEMs with literal `\n`; several may be concatenated. */
export function splitPems(text: string): string[] {
  return text.replace(/\\n/g, '\n').match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}
