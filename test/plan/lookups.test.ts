// lookupsNeeded asks for exactly what the plan would add: the API budget stays near the minimum.
import { describe, expect, it } from 'vitest';
import { lookupsNeeded } from '../../src/plan/lookups.ts';
import { desired, NOW, seat } from './builders.ts';

describe('lookupsNeeded', () => {
  it('asks only for logins the plan would add and teams it would add, as sorted keys', () => {
    const d = desired({
      users: [
        'Zoe',
        'seated',
        'viaKept',
        'viaOld',
        'pend',
        { login: 'expired', expires: '2026-01-01' },
        'enterpriseSeat',
      ],
      teams: ['kept', 'New-B', 'new-a'],
      exempt: [{ login: 'ceo' }, { login: 'cto' }],
    });
    const seats = [
      seat('seated'),
      seat('viaKept', { team: 'kept' }),
      seat('viaOld', { team: 'old' }),
      seat('pend', { pending: '2026-07-01' }),
      seat('enterpriseSeat', { team: 'ent', enterprise: true }),
      seat('ceo', { team: 'old' }),
      seat('cto'),
      seat('stranger'),
      seat('named-b', { team: 'new-b', pending: '2026-07-01' }),
    ];
    expect(lookupsNeeded(d, seats, NOW)).toEqual({
      logins: ['ceo', 'pend', 'viaold', 'zoe'],
      teams: ['new-a', 'new-b'],
    });
  });

  it('asks for nothing when the org already matches', () => {
    const d = desired({ users: ['a'], teams: ['t'] });
    expect(lookupsNeeded(d, [seat('a'), seat('b', { team: 't' })], NOW)).toEqual({ logins: [], teams: [] });
  });
});
