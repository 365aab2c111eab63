// The cost line and the safety limits on removals and additions.
import type { Billing, Cost, Policy, RemovalLimitRule, Safety } from './types.ts';

export const DEFAULT_PRICES = { business: 19, enterprise: 39, unknown: 19 } as const;
/** Below this many active seats there is no default limit: a handful of changes is no surprise. */
export const DEFAULT_LIMIT_MIN_SEATS = 10;
export const DEFAULT_LIMIT_PERCENT = 25;

export function seatPrice(policy: Policy, billing: Billing): number {
  return policy.seatCost ?? DEFAULT_PRICES[billing.planType] ?? DEFAULT_PRICES.unknown;
}

export function makeCost(price: number, seatsGained: number, seatsLost: number): Cost {
  return {
    currency: 'USD',
    seatPrice: price,
    seatsGained,
    seatsLost,
    monthlyDelta: (seatsGained - seatsLost) * price,
  };
}

export function removalLimit(policy: Policy, activeSeats: number): number | null {
  const max = policy.maxRemovals;
  if (max?.kind === 'count') return max.value;
  if (max?.kind === 'percent') return Math.floor((activeSeats * max.value) / 100);
  if (activeSeats < DEFAULT_LIMIT_MIN_SEATS) return null;
  return Math.floor((activeSeats * DEFAULT_LIMIT_PERCENT) / 100);
}

/** Where the limit comes from: the policy (a count or a share of active seats), or the default share. */
export function removalLimitRule(policy: Policy, activeSeats: number): RemovalLimitRule {
  const max = policy.maxRemovals;
  if (max) return { source: max.kind, value: max.value, activeSeats };
  return { source: 'default', value: DEFAULT_LIMIT_PERCENT, activeSeats };
}

/** No default: adding seats costs money but takes nothing away from anyone. */
export function additionLimit(policy: Policy): number | null {
  return policy.maxAdditions ?? null;
}

export function makeSafety(
  removals: number,
  limit: number | null,
  additions: number,
  addLimit: number | null,
  limitRule?: RemovalLimitRule,
): Safety {
  return {
    removals,
    limit,
    ...(limitRule ? { limitRule } : {}),
    exceeded: limit !== null && removals > limit,
    additions,
    additionLimit: addLimit,
    additionsExceeded: addLimit !== null && additions > addLimit,
  };
}
