// The schema is the one source of a policy field's facts: its name, order and default. These
// tests fail when a field is declared in one place and not in another.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { POLICY_FIELDS, policyDefault, policyKey } from '../../src/plan/policy-fields.ts';
import { DEFAULT_GRACE_DAYS } from '../../src/plan/reclaim.ts';
import type { PolicyField } from '../../src/plan/types.ts';

/** Every PolicyField, as the type declares them: the compiler refuses a missing or unknown one. */
const DECLARED: Record<PolicyField, true> = {
  max_removals: true,
  inactive_days: true,
  seat_cost: true,
  max_additions: true,
  unreviewed_adds: true,
  idle_signal: true,
  new_seat_grace_days: true,
  reclaim_notice: true,
  max_request_days: true,
  requesters: true,
};

/** A valid value of each field, to read a file that sets them all. */
const SAMPLE: Record<PolicyField, string> = {
  max_removals: '10',
  inactive_days: '30',
  seat_cost: '19',
  max_additions: '5',
  unreviewed_adds: 'skip',
  idle_signal: 'activity-or-auth',
  new_seat_grace_days: '7',
  reclaim_notice: 'mention',
  max_request_days: '90',
  requesters: 'platform',
};

describe('the policy fields', () => {
  it('are the schema’s, in its order, and the type’s', () => {
    expect([...POLICY_FIELDS].sort()).toEqual(Object.keys(DECLARED).sort());
    expect(POLICY_FIELDS[0]).toBe('max_removals');
  });

  it('each reaches DesiredState under its camelCase key', () => {
    const text = `version: 1\norg: acme\npolicy:\n${POLICY_FIELDS.map((f) => `  ${f}: ${SAMPLE[f]}`).join('\n')}\n`;
    const { desired, errors } = parseSeats(text, 'seats.yaml');
    expect(errors).toEqual([]);
    expect(Object.keys(desired?.policy ?? {}).sort()).toEqual(POLICY_FIELDS.map(policyKey).sort());
    expect(desired?.policy.newSeatGraceDays).toBe(7);
  });

  it('take their defaults from the schema', () => {
    expect(policyDefault('unreviewed_adds')).toBe('allow');
    expect(policyDefault('new_seat_grace_days')).toBe(DEFAULT_GRACE_DAYS);
    expect(policyDefault('max_additions')).toBeUndefined();
  });
});
