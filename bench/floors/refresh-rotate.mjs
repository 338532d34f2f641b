// B4 floor: what a refresh with rotation must do at minimum: in one pg transaction mark the presented
// refresh token used and insert its successor, then sign an ES256 access token with jose.
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { importPKCS8, SignJWT } from 'jose';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS floor_refresh_tokens (
  id uuid PRIMARY KEY, session_id uuid NOT NULL, token_hash text NOT NULL UNIQUE,
  used_at timestamptz, created_at timestamptz NOT NULL DEFAULT now())`);
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const key = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ES256');
const sha = (s) => createHash('sha256').update(s).digest('hex');

async function issue(sessionId, client = pool) {
  const token = randomBytes(32).toString('base64url');
  await client.query('INSERT INTO floor_refresh_tokens (id, session_id, token_hash) VALUES ($1, $2, $3)', [
    randomUUID(), sessionId, sha(token)]);
  return token;
}

createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    if (req.url === '/seed') return res.end(JSON.stringify({ refreshToken: await issue(randomUUID()) }));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(
        'UPDATE floor_refresh_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id',
        [sha(JSON.parse(body).refreshToken ?? '')]);
      if (!rows[0]) throw new Error('unknown');
      const refreshToken = await issue(rows[0].session_id, client);
      await client.query('COMMIT');
      const accessToken = await new SignJWT({ sid: rows[0].session_id })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).setIssuer('floor').setAudience('floor')
        .setSubject(randomUUID()).setIssuedAt().setExpirationTime('15m').sign(key);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accessToken, refreshToken }));
    } catch {
      await client.query('ROLLBACK').catch(() => {});
      res.writeHead(401).end('{}');
    } finally {
      client.release();
    }
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
