import type { TicketingAlert } from '@roster/contracts';

/** The alerts a PSA can be asked to open tickets for; ids are stable. */
export const TICKETING_ALERTS: TicketingAlert[] = [
  {
    id: '5b7c1d0e-2a41-4c43-9f0e-6a1d7c3e0a01',
    key: 'account-locked',
    name: 'User locked out',
    category: 'security',
    event: 'auth.events.account.locked',
    description: 'A user was locked out after repeated failed logins.',
  },
  {
    id: '5b7c1d0e-2a41-4c43-9f0e-6a1d7c3e0a02',
    key: 'two-factor-disabled',
    name: 'Two-factor authentication disabled',
    category: 'security',
    event: 'auth.events.two_factor.disabled',
    description: 'A user turned off two-factor authentication.',
  },
  {
    id: '5b7c1d0e-2a41-4c43-9f0e-6a1d7c3e0a03',
    key: 'payment-failed',
    name: 'Payment failed',
    category: 'billing',
    event: 'billing.events.payment.failed',
    description: "A company's invoice payment failed.",
  },
];

export const alertByKey = (key: string) => TICKETING_ALERTS.find((a) => a.key === key)!;
export const alertById = (id: string) => TICKETING_ALERTS.find((a) => a.id === id);
