import { defineEvent, defineRpc } from './define';

class Payload {}

describe('contract definitions', () => {
  it('accepts subjects that follow the naming rules and derives the event owner', () => {
    expect(defineRpc('directory.company.create.v1', Payload).subject).toBe('directory.company.create.v1');
    expect(defineEvent('billing.events.invoice.paid', 1, Payload).owner).toBe('billing');
  });

  it('refuses subjects that would break wildcards or versioning', () => {
    expect(() => defineRpc('directory.company.create', Payload)).toThrow();
    expect(() => defineRpc('Directory.Company.Create.v1', Payload)).toThrow();
    expect(() => defineEvent('directory.company.created', 1, Payload)).toThrow();
  });
});

describe('the contract catalogue', () => {
  // Two contracts on one subject would make two handlers compete for the same requests or events.
  it('gives every request/reply contract and every event its own subject', async () => {
    const all = Object.values(await import('./index')) as Array<{ kind?: string; subject?: string }>;
    for (const kind of ['rpc', 'event']) {
      const subjects = all.filter((c) => c?.kind === kind).map((c) => c.subject);
      expect(subjects.length).toBeGreaterThan(10);
      expect(subjects.filter((s, i) => subjects.indexOf(s) !== i)).toEqual([]);
    }
  });
});
