// B6 floor: the bare event path of a seat change. Publish to JetStream at a fixed rate -> pull-consume ->
// insert into pg -> ack. Prints {latencies, seconds} on stdout: publish-to-commit time of each event.
import { AckPolicy, connect, JSONCodec, RetentionPolicy } from 'nats';
import pg from 'pg';

const count = Number(process.env.EVENTS ?? 2000);
const rate = Number(process.env.RATE ?? 200); // events per second; 0 = as fast as possible
const prefix = process.env.FLOOR_PREFIX;
const jc = JSONCodec();
const nc = await connect({ servers: process.env.NATS_URL });
const jsm = await nc.jetstreamManager();
const stream = `${prefix}FLOOR_FANOUT`;
await jsm.streams.add({ name: stream, subjects: [`${prefix}floor.fanout.>`], retention: RetentionPolicy.Limits });
await jsm.consumers.add(stream, { durable_name: 'seats', ack_policy: AckPolicy.Explicit });
const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: 4 });
await pool.query('CREATE TABLE IF NOT EXISTS floor_seat_changes (id bigint PRIMARY KEY, seats int NOT NULL, at timestamptz NOT NULL DEFAULT now())');
await pool.query('TRUNCATE floor_seat_changes');

const js = nc.jetstream();
const latencies = [];
const consumer = await js.consumers.get(stream, 'seats');
const started = performance.now();
const done = (async () => {
  const messages = await consumer.consume({ max_messages: 256 });
  for await (const msg of messages) {
    const { id, sentAt } = jc.decode(msg.data);
    await pool.query('INSERT INTO floor_seat_changes (id, seats) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, id]);
    msg.ack();
    latencies.push(performance.timeOrigin + performance.now() - sentAt);
    if (latencies.length === count) return messages.stop();
  }
})();
for (let i = 1; i <= count; i++) {
  const due = started + (rate ? (i * 1000) / rate : 0);
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  await js.publish(`${prefix}floor.fanout.seat`, jc.encode({ id: i, sentAt: performance.timeOrigin + performance.now() }), { msgID: `${prefix}${i}` });
}
await done;
const seconds = (performance.now() - started) / 1000;
await jsm.streams.delete(stream);
await pool.end();
await nc.close();
process.stdout.write(JSON.stringify({ latencies, seconds }));
