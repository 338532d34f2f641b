// B3 floor: bare argon2id verification (19 MiB, t=2, p=1) behind a bare HTTP server. @node-rs/argon2 runs
// on libuv's thread pool, sized to the number of cores, so every core verifies in parallel.
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { Algorithm, hash, verify } from '@node-rs/argon2';

process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism());
const password = 'bench password 1';
const stored = await hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    const ok = await verify(stored, JSON.parse(body).password ?? '');
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok }));
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
