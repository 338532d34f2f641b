import { Injectable } from '@nestjs/common';
import { DiscardPolicy, nanos, RetentionPolicy, StorageType } from 'nats';
import { NatsConfig } from '@roster/config';
import { ContextName } from '@roster/contracts';
import { NatsConnectionService } from './nats-connection.service';
import { deadLetterStream, prefixed, streamFor } from './subjects';

/** JetStream's de-duplication window: a re-publish with the same event id inside it is dropped. */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

/** Creates a context's event stream if it is missing; both publishers and consumers call it. */
@Injectable()
export class StreamsService {
  private readonly ensured = new Map<ContextName, Promise<void>>();

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly config: NatsConfig,
  ) {}

  ensure(owner: ContextName): Promise<void> {
    let pending = this.ensured.get(owner);
    if (!pending) {
      pending = this.create(owner);
      pending.catch(() => this.ensured.delete(owner));
      this.ensured.set(owner, pending);
    }
    return pending;
  }

  private deadLetters?: Promise<void>;

  /** The dead-letter stream (kept 30 days) for events consumers set aside. */
  ensureDeadLetters(): Promise<void> {
    if (!this.deadLetters) {
      this.deadLetters = this.nats.jetstreamManager().then(async (jsm) => {
        const name = deadLetterStream();
        try {
          await jsm.streams.info(name);
        } catch {
          await jsm.streams
            .add({
              name,
              subjects: [prefixed('dead_letters.>')],
              storage: StorageType.File,
              retention: RetentionPolicy.Limits,
              discard: DiscardPolicy.Old,
              max_age: nanos(30 * 24 * 3600_000),
              duplicate_window: nanos(DUPLICATE_WINDOW_MS),
              num_replicas: this.config.JETSTREAM_REPLICAS,
            })
            .catch((error: unknown) => {
              if (!String(error).includes('already in use')) throw error;
            });
        }
      });
      this.deadLetters.catch(() => (this.deadLetters = undefined));
    }
    return this.deadLetters;
  }

  private async create(owner: ContextName): Promise<void> {
    const { name, subjects } = streamFor(owner);
    const jsm = await this.nats.jetstreamManager();
    const config = {
      name,
      subjects: [subjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(14 * 24 * 3600_000),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      num_replicas: this.config.JETSTREAM_REPLICAS,
    };
    try {
      await jsm.streams.info(name);
    } catch {
      try {
        await jsm.streams.add(config);
      } catch (error) {
        // Another process created it between our look-up and our add.
        if (!String(error).includes('already in use')) throw error;
      }
    }
  }
}
