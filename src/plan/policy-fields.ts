// The facts of each `policy` field that the schema already states, read from it rather than
// written again: the fields and their order, their defaults, and the DesiredState key each becomes.
// A new policy field is declared in schema/seats.schema.json, in the Policy type, and in PolicyField
// (the compiler and test/plan/policy-fields.test.ts check that the three agree).
import schema from '../../schema/seats.schema.json' with { type: 'json' };
import type { Policy, PolicyField } from './types.ts';

const PROPERTIES = schema.properties.policy.properties as Record<string, { default?: unknown }>;

/** The fields of `policy`, in the schema's order. */
export const POLICY_FIELDS = Object.keys(PROPERTIES) as PolicyField[];

/** The schema's default of a field (what an unset value means), or undefined when it has none. */
export function policyDefault(field: PolicyField): string | number | undefined {
  const value = PROPERTIES[field]?.default;
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** `new_seat_grace_days` → `newSeatGraceDays`: the key a field has in DesiredState's Policy. */
export function policyKey(field: PolicyField): keyof Policy {
  return field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof Policy;
}
