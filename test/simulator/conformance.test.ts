// The conformance checker itself: it must catch what GitHub's schema forbids (or the simulator's
// green runs would prove nothing), and accept what GitHub sends.
import { describe, expect, it } from 'vitest';
import { seatShape } from '../../src/simulator/shapes.ts';
import { checkExchange } from '../support/simulator.ts';
import { convertSchema, specExample, validateRequestBody, validateResponse } from '../support/openapi.ts';
import { smallOrg } from './fixture.ts';

const SEATS = '/orgs/{org}/copilot/billing/seats';
const SEAT = '/orgs/{org}/members/{username}/copilot';
const BASE = 'http://127.0.0.1:1';

describe('OpenAPI conversion', () => {
  it('turns nullable into a null type, and nullable refs into anyOf null', () => {
    expect(convertSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(convertSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(convertSchema({ $ref: '#/components/schemas/team', nullable: true })).toEqual({
      anyOf: [{ $ref: 'gh#/definitions/team' }, { type: 'null' }],
    });
  });

  it('keeps property names that look like OpenAPI keywords', () => {
    expect(convertSchema({ properties: { nullable: { type: 'boolean' } } })).toEqual({
      properties: { nullable: { type: 'boolean' } },
    });
  });
});

describe('copilot-seat-details (the trap in design.md §3)', () => {
  it("rejects GitHub's own example: its assigning_team has no type", () => {
    const errors = validateResponse('GET', SEAT, 200, specExample('copilot-seat-detail-active'));
    expect(errors.join('\n')).toMatch(/assigning_team/);
  });

  it('accepts the example once the team says its type', () => {
    const seat = specExample('copilot-seat-detail-active') as { assigning_team: Record<string, unknown> };
    seat.assigning_team.type = 'organization';
    seat.assigning_team.parent = null;
    expect(validateResponse('GET', SEAT, 200, seat)).toEqual([]);
  });

  it('accepts every kind of seat the simulator shows: direct, team, enterprise team, pending, no assignee', () => {
    const state = smallOrg();
    const shapes = state.seats.map((s) => seatShape(state, BASE, s));
    expect(shapes.map((s) => (s.assigning_team as { slug?: string } | null)?.slug ?? null)).toContain(
      'ent:copilot-pilot',
    );
    expect(shapes.some((s) => s.assignee === null)).toBe(true);
    expect(validateResponse('GET', SEATS, 200, { total_seats: shapes.length, seats: shapes })).toEqual([]);
  });

  it('rejects a property the schema does not name (additionalProperties: false)', () => {
    const state = smallOrg();
    const seat = { ...seatShape(state, BASE, state.seats[0]!), login: 'alice' };
    expect(validateResponse('GET', SEAT, 200, seat).join('\n')).toMatch(/additional properties \(login\)/);
  });

  it('rejects a date-time that is not one, and a missing created_at', () => {
    const state = smallOrg();
    const { created_at: _drop, ...noCreated } = seatShape(state, BASE, state.seats[0]!);
    expect(validateResponse('GET', SEAT, 200, noCreated).join('\n')).toMatch(/created_at/);
    const bad = { ...seatShape(state, BASE, state.seats[0]!), last_activity_at: 'yesterday' };
    expect(validateResponse('GET', SEAT, 200, bad).join('\n')).toMatch(/date-time/);
  });
});

describe('status rules', () => {
  it('checks declared error bodies, and allows undeclared error statuses with basic-error', () => {
    expect(validateResponse('GET', SEATS, 502, { message: 'Server Error', documentation_url: 'x' })).toEqual(
      [],
    );
    expect(validateResponse('GET', SEATS, 401, { message: 5 })).not.toEqual([]);
  });

  it('rejects an undeclared success status and a body on 204', () => {
    expect(validateResponse('GET', SEATS, 201, {})).not.toEqual([]);
    expect(validateResponse('GET', '/orgs/{org}/members/{username}', 204, { x: 1 })).not.toEqual([]);
    expect(validateResponse('GET', '/orgs/{org}/members/{username}', 204, undefined)).toEqual([]);
  });

  it('rejects an unknown operation', () => {
    expect(validateResponse('GET', '/orgs/{org}/copilot/usage', 200, {})).not.toEqual([]);
  });
});

describe('request bodies', () => {
  const USERS = '/orgs/{org}/copilot/billing/selected_users';

  it('requires 1+ usernames and no body where the operation takes none', () => {
    expect(validateRequestBody('POST', USERS, { selected_usernames: ['a'] })).toEqual([]);
    expect(validateRequestBody('POST', USERS, { selected_usernames: [] })).not.toEqual([]);
    expect(validateRequestBody('DELETE', USERS, undefined)).not.toEqual([]);
    expect(validateRequestBody('GET', SEATS, { x: 1 })).not.toEqual([]);
  });

  it('checks logged exchanges, and reports a simulator error', () => {
    const entry = {
      method: 'POST',
      path: '/orgs/acme/copilot/billing/selected_users',
      query: {},
      body: { selected_usernames: [] },
      status: 201,
      responseBody: { seats_created: 'one' },
      responseHeaders: {},
      route: USERS,
      error: 'boom',
    };
    const errors = checkExchange(entry);
    expect(errors.some((e) => e.includes('boom'))).toBe(true);
    expect(errors.some((e) => e.includes('request'))).toBe(true);
    expect(errors.some((e) => e.includes('seats_created'))).toBe(true);
    expect(checkExchange(entry, true).some((e) => e.includes('request'))).toBe(false);
  });
});
