import { NatsConfig } from '@roster/config';
import { NatsConnectionService } from './nats-connection.service';

describe('NatsConnectionService.onConnectionLost', () => {
  it('calls a listener registered while the connection is down at once (it would otherwise wait for the next drop)', async () => {
    const service = new NatsConnectionService({ NATS_URL: 'nats://127.0.0.1:1' } as NatsConfig);
    expect(service.isUp).toBe(false); // never connected
    const listener = jest.fn();
    const unsubscribe = service.onConnectionLost(listener);
    expect(listener).not.toHaveBeenCalled(); // not synchronously: the caller finishes wiring first
    await Promise.resolve();
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });
});
