import { eventPattern, subjectMatches } from './on-event.decorator';
import { durableName, patternDurableName } from './event-handler-discovery';
import { CompanyCreated } from '@roster/contracts';

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
    expect(all).toBe('directory--pattern--auth_events_gt');
    expect(groups).toBe('directory--pattern--directory_events_group_star');
    expect(`${all}${groups}`).not.toMatch(/[.*>]/);
  });
});

describe('named @OnEvent consumers', () => {
  it('keep the historic durable name without a name, and get their own with one', () => {
    expect(durableName('directory', CompanyCreated)).toBe('directory--directory_events_company_created');
    expect(durableName('directory', CompanyCreated, 'contacts')).toBe(
      'directory--contacts--directory_events_company_created',
    );
  });
});

describe('subjectMatches', () => {
  it('matches NATS wildcards: * one token, a final > one or more', () => {
    expect(subjectMatches('directory.events.>', 'directory.events.member.added')).toBe(true);
    expect(subjectMatches('directory.events.>', 'directory.events')).toBe(false);
    expect(subjectMatches('directory.events.>', 'auth.events.user.registered')).toBe(false);
    expect(subjectMatches('directory.events.group.*', 'directory.events.group.created')).toBe(true);
    expect(subjectMatches('directory.events.group.*', 'directory.events.group.member.added')).toBe(false);
    expect(subjectMatches('directory.events.member.added', 'directory.events.member.added')).toBe(true);
    expect(subjectMatches('directory.events.member.added', 'directory.events.member')).toBe(false);
  });
});
