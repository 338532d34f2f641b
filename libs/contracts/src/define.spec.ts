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
