import { conditionsHold, fill, valueAt } from './conditions';

const event = {
  type: 'directory.events.member.added',
  data: {
    companyId: 'c1',
    userId: 'u1',
    role: 'admin',
    activeSeats: 5,
    tags: ['a', 'b'],
    note: 'hello world',
  },
};

describe('recipe conditions', () => {
  it('reads dotted paths', () => {
    expect(valueAt(event, 'data.role')).toBe('admin');
    expect(valueAt(event, 'data.missing.deeper')).toBeUndefined();
    expect(valueAt(event, 'data.toString')).toBeUndefined();
  });

  it('evaluates eq, ne, in, contains and exists, all of them together', () => {
    expect(conditionsHold([], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.role', op: 'eq', value: 'admin' }], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.role', op: 'eq', value: 'member' }], event)).toBe(false);
    expect(conditionsHold([{ field: 'data.activeSeats', op: 'eq', value: '5' }], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.role', op: 'ne', value: 'member' }], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.role', op: 'in', value: ['owner', 'admin'] }], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.role', op: 'in', value: ['owner'] }], event)).toBe(false);
    expect(conditionsHold([{ field: 'data.tags', op: 'contains', value: 'b' }], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.note', op: 'contains', value: 'world' }], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.userId', op: 'exists' }], event)).toBe(true);
    expect(conditionsHold([{ field: 'data.groupId', op: 'exists' }], event)).toBe(false);
    expect(conditionsHold([{ field: 'data.groupId', op: 'exists', value: false }], event)).toBe(true);
    expect(
      conditionsHold(
        [
          { field: 'data.role', op: 'eq', value: 'admin' },
          { field: 'data.userId', op: 'eq', value: 'someone-else' },
        ],
        event,
      ),
    ).toBe(false);
  });

  it('fills placeholders from the event', () => {
    expect(fill('New {{ data.role }} {{data.userId}} in {{data.companyId}}{{data.nothing}}', event)).toBe(
      'New admin u1 in c1',
    );
  });
});
