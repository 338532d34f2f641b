import { connect } from 'nats';

/** Deletes the JetStream streams (and so their consumers) of one test run's NATS prefix. */
export async function deleteStreams(prefix: string, natsUrl = process.env.NATS_URL!): Promise<string[]> {
  if (!prefix) throw new Error('refusing to delete streams without a prefix');
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const jsm = await nc.jetstreamManager();
    const deleted: string[] = [];
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(`${prefix}_`)) {
        await jsm.streams.delete(stream.config.name);
        deleted.push(stream.config.name);
      }
    }
    return deleted;
  } finally {
    await nc.close();
  }
}
