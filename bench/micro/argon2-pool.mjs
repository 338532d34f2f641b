// argon2id verify CPU per hash with 16 in flight, for a given libuv pool size (what ARGON2_CONCURRENCY
// decides in auth). Run it with each size and compare:
//   UV_THREADPOOL_SIZE=2 node bench/micro/argon2-pool.mjs; UV_THREADPOOL_SIZE=4 node bench/micro/argon2-pool.mjs
import { hash, verify } from '@node-rs/argon2';

const hashed = await hash('correct horse', { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
const total = 400;
let next = 0;
const started = performance.now();
const cpu = process.cpuUsage();
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (next++ < total) await verify(hashed, 'correct horse');
  }),
);
const used = process.cpuUsage(cpu);
const seconds = (performance.now() - started) / 1000;
console.log(
  `pool ${process.env.UV_THREADPOOL_SIZE ?? 4}: ${(total / seconds).toFixed(0)} hashes/s, ` +
    `${((used.user + used.system) / 1000 / total).toFixed(2)} CPU-ms per hash`,
);
