// The management changes as a PR comment block and as terminal lines.
import { describe, expect, it } from 'vitest';
import { managementSummary, type ManagementSummary } from '../../src/plan/management.ts';
import { fitDocument, type Block } from '../../src/render/fit.ts';
import { renderManagementMarkdown, renderManagementText } from '../../src/render/management.ts';
import { desired, manySeats, NOW, seat } from '../plan/builders.ts';

const seats = [seat('ceo'), seat('alice'), ...manySeats('c', 97, { team: 'contractors' })];

const summary = managementSummary(
  desired({ users: ['ceo', 'alice'], teams: ['contractors'], exempt: [{ team: 'old' }] }),
  desired({
    users: ['alice'],
    exempt: [{ login: 'ceo', reason: 'assigned by hand', expires: '2027-06-30' }, { team: 'contractors' }],
    policy: { maxRemovals: { kind: 'count', value: 50 }, unreviewedAdds: 'skip' },
  }),
  [...seats, seat('o1', { team: 'old' }), seat('o2', { team: 'old' })],
  NOW,
);

function text(block: Block | null): string {
  if (!block) throw new Error('no block');
  return `${block.head}\n${block.rows.join('\n')}`;
}

describe('renderManagementMarkdown', () => {
  it('is null when nothing changes management', () => {
    expect(renderManagementMarkdown({ changes: [], noLongerManaged: 0, managedAgain: 0 })).toBeNull();
  });

  it('is a warning alert headed by the seats no longer managed, one row per change', () => {
    const block = renderManagementMarkdown(summary);
    expect(block?.head).toBe(
      '> [!WARNING]\n> **98 seats are no longer managed** by this change: copilot-seats will neither ' +
        'cancel them nor report them as drift. 2 seats are managed again.',
    );
    expect(block?.rows).toEqual([
      '> - team `contractors` is newly exempt: 97 seats',
      '> - user `ceo` is newly exempt: 1 seat (assigned by hand, until 2027-06-30)',
      '> - team `old` is no longer exempt: 2 seats managed again',
      '> - `policy.max_removals` raised: default (25% from 10 seats) → 50',
      '> - `policy.unreviewed_adds` set: allow (default) → skip',
    ]);
  });

  it('speaks of one seat in the singular', () => {
    const one = managementSummary(desired(), desired({ exempt: [{ login: 'ceo' }] }), seats, NOW);
    expect(renderManagementMarkdown(one)?.head).toContain(
      '**1 seat is no longer managed** by this change: copilot-seats will neither cancel it nor report it as drift.',
    );
  });

  it('heads with the seats managed again, or the policy, when no seat leaves', () => {
    const back = managementSummary(desired({ exempt: [{ login: 'ceo' }] }), desired(), seats, NOW);
    expect(renderManagementMarkdown(back)?.head).toBe(
      '> [!WARNING]\n> **1 seat is managed again** by this change.',
    );
    const policy = managementSummary(desired(), desired({ policy: { maxAdditions: 0 } }), seats, NOW);
    expect(text(renderManagementMarkdown(policy))).toBe(
      '> [!WARNING]\n> **This change alters the policy** of copilot-seats.\n' +
        '> - `policy.max_additions` lowered: no limit → 0',
    );
  });

  it('mentions nobody and injects nothing through names or reasons', () => {
    const hostile: ManagementSummary = {
      changes: [
        {
          kind: 'exempted',
          target: 'user',
          name: '@octocat`<b>',
          key: 'x',
          seats: 1,
          reason: 'ask @acme/admins\n> [!NOTE] <!-- copilot-seats:plan -->',
        },
      ],
      noLongerManaged: 1,
      managedAgain: 0,
    };
    const out = text(renderManagementMarkdown(hostile));
    // The name sits in a code span (never a mention); the reason's @ gets a zero-width joiner.
    expect(out).toContain("user `@octocat'‹b›` is newly exempt");
    expect(out).toContain('ask @\u200dacme/admins');
    expect(out).not.toContain('@acme');
    expect(out).not.toContain('<!--');
    expect(out).not.toContain('[!NOTE]');
    expect(out.split('\n')).toHaveLength(3);
  });

  it('fits the comment limit: rows are left out with a line that says so', () => {
    const many: ManagementSummary = {
      changes: manySeats('u', 500).map((s) => ({
        kind: 'exempted' as const,
        target: 'user' as const,
        name: s.login ?? '',
        key: s.key ?? '',
        seats: 1,
      })),
      noLongerManaged: 500,
      managedAgain: 0,
    };
    const block = renderManagementMarkdown(many)!;
    const doc = fitDocument({ top: ['top'], blocks: [block], bottom: [], pointer: () => 'pointer' }, 3000);
    expect(doc.length).toBeLessThanOrEqual(3000);
    expect(doc).toContain('**500 seats are no longer managed**');
    expect(doc).toMatch(/\n> - \d+ more left out here: see the full plan\.\n$/);
  });
});

describe('renderManagementText', () => {
  it('is empty when nothing changes management', () => {
    expect(
      renderManagementText({ changes: [], noLongerManaged: 0, managedAgain: 0 }, { color: false }),
    ).toEqual([]);
  });

  it('writes the headline and one line per change, plain', () => {
    expect(renderManagementText(summary, { color: false })).toEqual([
      '! 98 seats are no longer managed by this change: copilot-seats will neither cancel them nor report them as drift. 2 seats are managed again.',
      '!   team contractors is newly exempt: 97 seats',
      '!   user ceo is newly exempt: 1 seat (assigned by hand, until 2027-06-30)',
      '!   team old is no longer exempt: 2 seats managed again',
      '!   policy.max_removals raised: default (25% from 10 seats) → 50',
      '!   policy.unreviewed_adds set: allow (default) → skip',
    ]);
  });

  it('paints yellow only when asked, and shows control characters from the file escaped', () => {
    const hostile = managementSummary(
      desired(),
      desired({ exempt: [{ login: 'ceo', reason: 'evil \u001b[2J\nclear' }] }),
      seats,
      NOW,
    );
    const plain = renderManagementText(hostile, { color: false });
    expect(plain.join('\n')).not.toContain('\u001b');
    expect(plain[1]).toBe('!   user ceo is newly exempt: 1 seat (evil \\x1b[2J clear)');
    const coloured = renderManagementText(hostile, { color: true });
    expect(coloured[0]?.startsWith('\u001b[33m! 1 seat is no longer managed')).toBe(true);
  });
});
