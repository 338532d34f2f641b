// B7 floor: publish a backlog of N events to JetStream with async publishes in batches (the relay's
// essential work, minus the outbox reads and writes). Prints {seconds}.
import { connect, JSONCodec } from 'nats';

const count = Number(process.env.EVENTS ?? 10_000);
const batch = Number(process.env.BATCH ?? 200);
const prefix = process.env.FLOOR_PREFIX;
const jc = JSONCodec();
const nc = await connect({ servers: process.env.NATS_URL });
const jsm = await nc.jetstreamManager();
const stream = `${prefix}FLOOR_PUBLISH`;
await jsm.streams.add({ name: stream, subjects: [`${prefix}floor.publish.>`] });
const js = nc.jetstream();
const envelope = { type: 'floor.publish.event', data: { companyId: '00000000-0000-4000-9000-000000000001', seats: 1 } };
const started = performance.now();
for (let i = 0; i < count; i += batch) {
  const acks = [];
  for (let j = i; j < Math.min(count, i + batch); j++)
    acks.push(js.publish(`${prefix}floor.publish.event`, jc.encode({ ...envelope, eventId: j }), { msgID: `${prefix}${j}` }));
  await Promise.all(acks);
}
const seconds = (performance.now() - started) / 1000;
await jsm.streams.delete(stream);
await nc.close();
process.stdout.write(JSON.stringify({ seconds }));
