import { defineRpc } from '../define';

export class GetJwksRequest {}

/** RFC 7517 JSON Web Key Set holding only public keys. */
export interface JsonWebKeySet {
  keys: Array<Record<string, string>>;
}

export const GetJwks = defineRpc<GetJwksRequest, JsonWebKeySet>('auth.keys.jwks.v1', GetJwksRequest);

/** Claims and header values shared by the issuer (auth) and the verifier (gateway). */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';
export const ACCESS_TOKEN_MAX_TTL_SECONDS = 900;
