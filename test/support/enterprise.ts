// An enterprise for the enterprise tests (test/modes/enterprise.test.ts, test/e2e/enterprise.test.ts):
// examples/simulated-enterprise.json with one of each case issue 14 asks for, and the seats.yaml
// that manages it.
import { readFileSync } from 'node:fs';
import {
  parseSimState,
  type SimBehaviour,
  type SimEnterpriseCopilot,
  type SimState,
} from '../../src/simulator/state.ts';

/** The simulated clock of the example. */
export const ENTERPRISE_NOW = '2026-03-16T12:00:00Z';

const EXAMPLE = readFileSync(new URL('../../examples/simulated-enterprise.json', import.meta.url), 'utf8');

export interface RawState {
  enterprise: { members: string[]; copilot: Partial<SimEnterpriseCopilot> };
  enterprise_teams: { slug: string; members: string[]; [k: string]: unknown }[];
  seats: { login: string; [k: string]: unknown }[];
  behaviour?: SimBehaviour;
}

/**
 * examples/simulated-enterprise.json (its _comment says who is who), and: mona-acme holds an
 * enterprise-direct seat besides her acme seat; new-nia joins ent:next-wave (not selected); temp-tia
 * is seated only through ent:legacy, which the file drops.
 */
export function enterprise(behaviour: SimBehaviour = {}, edit: (raw: RawState) => void = () => {}): SimState {
  const raw = JSON.parse(EXAMPLE) as RawState;
  raw.enterprise.members.push('new-nia', 'temp-tia');
  const mona = raw.seats.find((s) => s.login === 'mona-acme');
  if (mona) mona.enterprise_direct = true;
  const nextWave = raw.enterprise_teams.find((t) => t.slug === 'ent:next-wave');
  nextWave?.members.push('new-nia');
  raw.enterprise_teams.push({
    slug: 'ent:legacy',
    name: 'Legacy',
    id: 9104,
    members: ['temp-tia'],
    created_at: '2025-06-01T00:00:00Z',
    selected_at: '2025-06-02T09:00:00Z',
  });
  raw.seats.push({ login: 'temp-tia', enterprise_teams: ['ent:legacy'], created_at: '2025-06-02T09:00:00Z' });
  raw.behaviour = behaviour;
  edit(raw);
  return parseSimState(raw);
}

// hubot is seated through acme, acme-labs and ent:copilot-pilot, and listed; auditor-ada is added
// directly; ent:next-wave is added (new-nia). Not in the file: contractor-cruz (enterprise-direct
// only: the seat goes), mona-acme (enterprise-direct and acme: she keeps the acme seat),
// ent:data-science (lab-kim stays through ent:copilot-pilot) and ent:legacy (temp-tia's seat goes).
export const ENTERPRISE_SEATS = `version: 1
enterprise: acme-corp
users: [hubot, auditor-ada]
teams: [ent:copilot-pilot, next-wave]
`;
