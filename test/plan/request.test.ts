// checkSeatRequest: who may ask for whom, and which requests become an entry of seats.yaml.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { checkSeatRequest, type RequestFacts, type SeatRequest } from '../../src/plan/request.ts';
import type { DesiredState, LiveSeat } from '../../src/plan/types.ts';

const NOW = new Date('2026-11-25T15:00:00Z');
const load = (policy = '') =>
  parseSeats(`version: 1\norg: acme\nusers:\n  - alice\n${policy ? `policy:\n${policy}` : ''}`, 'seats.yaml')
    .desired as DesiredState;
const member: RequestFacts = { membership: 'active', seat: null };
const ask = (over: Partial<SeatRequest> = {}): SeatRequest => ({
  requester: 'mona',
  login: 'mona',
  reason: 'pairing',
  ...over,
});
const seat = (over: Partial<LiveSeat> = {}): LiveSeat => ({
  login: 'mona',
  key: 'mona',
  assigningTeam: null,
  pendingCancellationDate: null,
  lastActivityAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('checkSeatRequest', () => {
  it('accepts a member asking for themselves, with the issue in the reason', () => {
    expect(checkSeatRequest(ask({ expires: '2027-01-31', issue: 7 }), load(), member, NOW)).toEqual({
      accepted: true,
      entry: { login: 'mona', reason: 'pairing (requested in #7)', expires: '2027-01-31' },
    });
  });

  it('reads a login written with @ and compares logins case-insensitively', () => {
    const v = checkSeatRequest(ask({ requester: 'Mona', login: '@mona' }), load(), member, NOW);
    expect(v).toEqual({ accepted: true, entry: { login: 'mona', reason: 'pairing' } });
  });

  it('refuses a request for someone else unless the requester is in policy.requesters', () => {
    const other = ask({ login: 'octocat' });
    const none = checkSeatRequest(other, load(), member, NOW);
    expect(none).toEqual({
      accepted: false,
      why: [expect.stringMatching(/may only ask for a seat for themselves .*no policy\.requesters/)],
    });
    const teamed = load('  requesters: admins\n');
    const outsider = checkSeatRequest(other, teamed, { ...member, requesterIsRequester: false }, NOW);
    expect(outsider).toEqual({ accepted: false, why: [expect.stringMatching(/members of the team admins/)] });
    const admin = checkSeatRequest(other, teamed, { ...member, requesterIsRequester: true }, NOW);
    expect(admin).toMatchObject({ accepted: true, entry: { login: 'octocat' } });
  });

  it('refuses non-members, pending invitations, listed users and seated users', () => {
    const why = (facts: RequestFacts, login = 'mona') => {
      const v = checkSeatRequest(ask({ login, requester: login }), load(), facts, NOW);
      return v.accepted ? [] : v.why;
    };
    expect(why({ membership: 'none', seat: null })).toEqual([
      'mona is not a member of the organization acme',
    ]);
    expect(why({ membership: 'pending', seat: null })).toEqual([
      'mona has not accepted the invitation to acme yet',
    ]);
    expect(why(member, 'ALICE')).toEqual(['alice is already listed in seats.yaml']);
    expect(why({ ...member, seat: seat() })).toEqual(['mona already has a Copilot seat']);
    const viaTeam = seat({
      assigningTeam: { slug: 'eng', key: 'eng', name: 'Eng', kind: 'team', outside: false },
    });
    expect(why({ ...member, seat: viaTeam })).toEqual([
      'mona already has a Copilot seat (through the team eng)',
    ]);
    // A seat being cancelled may be asked for again.
    expect(why({ ...member, seat: seat({ pendingCancellationDate: '2026-12-01' }) })).toEqual([]);
  });

  it('checks the end date: a real date, in the future, within max_request_days', () => {
    const why = (expires: string | undefined, policy = '') => {
      const v = checkSeatRequest(ask(expires === undefined ? {} : { expires }), load(policy), member, NOW);
      return v.accepted ? [] : v.why;
    };
    expect(why('2026-11-25')).toEqual(['the end date 2026-11-25 is not in the future']);
    expect(why('2026-02-30')[0]).toMatch(/not a date written YYYY-MM-DD/);
    expect(why('next month')[0]).toMatch(/not a date written YYYY-MM-DD/);
    expect(why('2026-11-26')).toEqual([]);
    const max = '  max_request_days: 30\n';
    expect(why('2026-12-25', max)).toEqual([]);
    expect(why('2026-12-26', max)).toEqual([
      'the end date 2026-12-26 is more than 30 days away (policy.max_request_days): 2026-12-25 at the latest',
    ]);
    expect(why(undefined, max)[0]).toMatch(/an end date is required: .* at most 30 days/);
    expect(why(undefined)).toEqual([]);
  });

  it('refuses a login that is no login, and an empty reason, giving every reason at once', () => {
    expect(checkSeatRequest(ask({ login: 'acme/eng' }), load(), member, NOW)).toMatchObject({
      accepted: false,
      why: [expect.stringMatching(/'acme\/eng' is not a GitHub login/)],
    });
    const v = checkSeatRequest(
      ask({ login: 'octocat', reason: ' ' }),
      load(),
      { membership: 'none', seat: null },
      NOW,
    );
    expect(v.accepted ? [] : v.why).toHaveLength(3);
  });
});
