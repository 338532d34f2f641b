import { AppError, CheckSeatAvailability } from '@roster/contracts';
import type { RequestMeta } from '@roster/messaging';
import { SeatGate, seatVerdict } from './seat-gate';

const meta: RequestMeta = { requestId: 'req-1', actor: { type: 'user', id: null } };
const companyId = '11111111-1111-4111-8111-111111111111';

describe('seatVerdict', () => {
  it('clamps billing’s answer to what was asked', () => {
    expect(seatVerdict({ companyId, allowed: 2, cap: 5, used: 3 }, 4)).toEqual({ allowed: 2, known: true });
    expect(seatVerdict({ companyId, allowed: 9, cap: null, used: 3 }, 4)).toEqual({
      allowed: 4,
      known: true,
    });
    expect(seatVerdict({ companyId, allowed: -1, cap: 1, used: 2 }, 4)).toEqual({ allowed: 0, known: true });
  });

  it('allows everything when no answer is known', () => {
    expect(seatVerdict(null, 3)).toEqual({ allowed: 3, known: false });
  });
});

describe('SeatGate', () => {
  it('asks billing with the wanted count and uses its answer', async () => {
    const request = jest.fn().mockResolvedValue({ companyId, allowed: 1, cap: 3, used: 2 });
    const verdict = await new SeatGate({ request } as never).check(companyId, 5, meta);
    expect(request).toHaveBeenCalledWith(CheckSeatAvailability, { companyId, additional: 5 }, meta);
    expect(verdict).toEqual({ allowed: 1, known: true });
  });

  it('treats "no responder" as no known cap', async () => {
    const request = jest.fn().mockRejectedValue(new AppError('SERVICE_UNAVAILABLE', 'No service answers'));
    expect(await new SeatGate({ request } as never).check(companyId, 2, meta)).toEqual({
      allowed: 2,
      known: false,
    });
  });

  it('passes other failures on (a timeout is not a "yes")', async () => {
    const request = jest.fn().mockRejectedValue(new AppError('UPSTREAM_TIMEOUT', 'late'));
    await expect(new SeatGate({ request } as never).check(companyId, 2, meta)).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
    });
  });

  it('does not ask for zero', async () => {
    const request = jest.fn();
    expect(await new SeatGate({ request } as never).check(companyId, 0, meta)).toEqual({
      allowed: 0,
      known: true,
    });
    expect(request).not.toHaveBeenCalled();
  });
});
