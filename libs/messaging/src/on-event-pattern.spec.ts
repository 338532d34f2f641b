import { eventPattern } from './on-event.decorator';
import { patternDurableName } from './event-consumers';

describe('@OnEventPattern subjects', () => {
  it('takes a whole stream or a part of it, and knows the stream owner', () => {
    expect(eventPattern('auth.events.>')).toEqual({ owner: 'auth', subject: 'auth.events.>' });
    expect(eventPattern('directory.events.group.*')).toEqual({
      owner: 'directory',
      subject: 'directory.events.group.*',
    });
  });

  it('refuses subjects outside the event streams or with misplaced wildcards', () => {
    for (const bad of ['nobody.events.>', 'auth.rpc.>', 'auth.events.>.x', 'auth.events.Group.*', '>']) {
      expect(() => eventPattern(bad)).toThrow(/must look like/);
    }
  });

  it('names a durable NATS accepts (no dots or wildcards), distinct per pattern', () => {
    const all = patternDurableName('directory', eventPattern('auth.events.>'));
    const groups = patternDurableName('directory', eventPattern('directory.events.group.*'));
    expect(all).toBe('directory--auth_events_all');
    expect(groups).toBe('directory--directory_events_group_any');
    expect(`${all}${groups}`).not.toMatch(/[.*>]/);
  });
});
