/**
 * How long a money-moving request that calls the payment provider outside a transaction holds its
 * Idempotency-Key "in progress" (longest RPC timeout of those routes, 60 s, doubled). A duplicate meanwhile
 * gets 409; after it (the first attempt died between the charge and its commit) a retry takes the key over
 * and runs again, which the payment provider's own idempotency key makes safe.
 */
export const BILLING_IDEMPOTENCY_LEASE_MS = 120_000;
