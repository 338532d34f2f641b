import { currentLogContext, enrichLogContext, runWithLogContext } from './log-context';
import { onScrape, outboxBacklog, renderMetrics } from './metrics';
import { wantsPrettyLogs } from './logging.module';

describe('log context', () => {
  it('is empty outside a unit of work and nests inside one', async () => {
    expect(currentLogContext()).toEqual({});
    await runWithLogContext({ requestId: 'r1', correlationId: 'r1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentLogContext()).toEqual({ requestId: 'r1', correlationId: 'r1' });
      runWithLogContext({ eventId: 'e1' }, () =>
        expect(currentLogContext()).toMatchObject({ correlationId: 'r1', eventId: 'e1' }),
      );
      enrichLogContext({ tenantId: 't1' });
      expect(currentLogContext().tenantId).toBe('t1');
    });
    expect(currentLogContext()).toEqual({});
  });
});

describe('metrics', () => {
  it('refreshes query-backed gauges right before rendering', async () => {
    let backlog = 7;
    const stop = onScrape(() => outboxBacklog.set(backlog));
    expect(await renderMetrics()).toMatch(/^outbox_backlog 7$/m);
    backlog = 3;
    expect(await renderMetrics()).toMatch(/^outbox_backlog 3$/m);
    stop();
  });

  it('still renders when a scrape hook fails', async () => {
    const stop = onScrape(() => Promise.reject(new Error('database down')));
    await expect(renderMetrics()).resolves.toContain('process_cpu_seconds_total');
    stop();
  });
});

describe('wantsPrettyLogs', () => {
  it('follows an explicit setting', () => {
    expect(wantsPrettyLogs('true')).toBe(true);
    expect(wantsPrettyLogs('false')).toBe(false);
  });
});
