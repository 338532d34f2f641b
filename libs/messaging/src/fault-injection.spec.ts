describe('fault injection rules (ROSTER_FAULT_INJECT)', () => {
  const load = (value: string | undefined) => {
    jest.resetModules();
    if (value === undefined) delete process.env.ROSTER_FAULT_INJECT;
    else process.env.ROSTER_FAULT_INJECT = value;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./fault-injection') as typeof import('./fault-injection');
  };
  // The scope module as the freshly loaded fault-injection module sees it (same module registry).
  const inRequest = (subject: string, work: () => void) =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./rpc-scope') as typeof import('./rpc-scope')).runInRpcScope(
      { subject, meta: { requestId: 'r', actor: { type: 'anonymous', id: null } } },
      work,
    );
  afterEach(() => delete process.env.ROSTER_FAULT_INJECT);

  it('is off unless the variable is set', () => {
    const faults = load(undefined);
    expect(faults.faultRules()).toEqual([]);
    expect(faults.faultDelayMs('slow-event', 'directory.events.company.created')).toBe(0);
  });

  it('parses crash, slow-event and hold-ack rules', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const faults = load(
      'after-commit:directory.company.create.v1:3, slow-event:x.events.y:120,hold-ack:x.events.z:500',
    );
    expect(faults.faultRules()).toEqual([
      { point: 'after-commit', target: 'directory.company.create.v1', value: 3 },
      { point: 'slow-event', target: 'x.events.y', value: 120 },
      { point: 'hold-ack', target: 'x.events.z', value: 500 },
    ]);
    expect(faults.faultDelayMs('slow-event', 'x.events.y')).toBe(120);
    expect(faults.faultDelayMs('hold-ack', 'x.events.y')).toBe(0);
    expect([1, 2, 3].map(() => faults.slowEventMs('x.events.y'))).toEqual([120, 120, 120]);
    expect(faults.slowEventMs('x.events.z')).toBe(0);
  });

  it('makes every n-th event slow when a slow-event rule says so', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const faults = load('slow-event:x.events.y:1500:3');
    expect(faults.faultRules()).toEqual([
      { point: 'slow-event', target: 'x.events.y', value: 1500, every: 3 },
    ]);
    expect(Array.from({ length: 7 }, () => faults.slowEventMs('x.events.y'))).toEqual([
      1500, 0, 0, 1500, 0, 0, 1500,
    ]);
  });

  it('kills the process only on the n-th commit inside the named request', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const faults = load('after-commit:directory.company.create.v1:2');
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    faults.afterCommitFault(); // outside any request: ignored
    inRequest('directory.company.update.v1', () => faults.afterCommitFault());
    inRequest('directory.company.create.v1', () => faults.afterCommitFault());
    expect(kill).not.toHaveBeenCalled();
    inRequest('directory.company.create.v1', () => faults.afterCommitFault());
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
    kill.mockRestore();
  });

  it('refuses a rule it does not know', () => {
    expect(() => load('explode:everything').faultRules()).toThrow(/bad rule/);
  });
});
