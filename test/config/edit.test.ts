// removeUsers: seats.yaml edited in place. Each case checks the exact text: only the removed
// entries' lines go, comments, order, quoting, blank lines and anchors stay.
import { describe, expect, it } from 'vitest';
import { removeUsers } from '../../src/config/edit.ts';
import { parseSeats } from '../../src/config/parse.ts';

const keys = (...k: string[]) => new Set(k);

/** The lines of `before` that are not in `after`, in order: what a diff shows as removed. */
function removedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: string[] = [];
  let j = 0;
  for (const line of a) {
    if (j < b.length && b[j] === line) j++;
    else out.push(line);
  }
  expect(j).toBe(b.length); // nothing added or changed: `after` is `before` minus lines
  return out;
}

const BLOCK = `# Copilot seats of acme
version: 1
org: acme

# Direct seats
users:
  - alice # team lead
  # contractors below
  - 'bob'
  - login: "Carol"
    reason: ML pilot

    expires: 2027-01-31
  - &d dave

  - login: erin
teams: [eng]
exempt:
  - login: frank # CEO
policy:
  inactive_days: 30 # a month
`;

describe('removeUsers, block lists', () => {
  it('cuts exactly the entries asked for and keeps every comment', () => {
    const r = removeUsers(BLOCK, keys('bob', 'carol'));
    expect(r.removed).toEqual(['bob', 'Carol']);
    expect(removedLines(BLOCK, r.text)).toEqual([
      "  - 'bob'",
      '  - login: "Carol"',
      '    reason: ML pilot',
      '',
      '    expires: 2027-01-31',
    ]);
    for (const comment of BLOCK.match(/#.*$/gm)!) expect(r.text).toContain(comment);
    expect(parseSeats(r.text, 'seats.yaml').desired?.users.map((u) => u.login)).toEqual([
      'alice',
      'dave',
      'erin',
    ]);
  });

  it('a short entry with a comment on its line takes that comment with it, and only that', () => {
    const r = removeUsers(BLOCK, keys('alice'));
    expect(removedLines(BLOCK, r.text)).toEqual(['  - alice # team lead']);
    expect(r.text).toContain('  # contractors below\n');
  });

  it('an anchored entry goes with its anchor when nothing else uses it', () => {
    const r = removeUsers(BLOCK, keys('dave'));
    expect(removedLines(BLOCK, r.text)).toEqual(['  - &d dave']);
  });

  it('keeps an entry whose anchor an alias elsewhere uses, and says why', () => {
    const text =
      'version: 1\norg: acme\nusers:\n  - login: alice\n    reason: &why ML pilot\n  - bob\n  - login: carol\n    reason: *why\n';
    const r = removeUsers(text, keys('alice', 'bob'));
    expect(r.removed).toEqual(['bob']);
    expect(r.kept).toEqual([{ login: 'alice', why: 'its anchor is used elsewhere in the file' }]);
    expect(removedLines(text, r.text)).toEqual(['  - bob']);
  });

  it('an entry that uses an alias is removed alone; the anchor stays', () => {
    const text =
      'version: 1\norg: acme\nusers:\n  - login: alice\n    reason: &why ML pilot\n  - login: carol\n    reason: *why\n';
    const r = removeUsers(text, keys('carol'));
    expect(removedLines(text, r.text)).toEqual(['  - login: carol', '    reason: *why']);
    expect(parseSeats(r.text, 'seats.yaml').desired?.users).toMatchObject([
      { login: 'alice', reason: 'ML pilot' },
    ]);
  });

  it('a comment indented under an entry, on a line of its own, stays', () => {
    const text = 'version: 1\norg: acme\nusers:\n  - alice\n    # about bob\n  - bob\n';
    expect(removeUsers(text, keys('alice')).text).toBe(
      'version: 1\norg: acme\nusers:\n    # about bob\n  - bob\n',
    );
  });

  it('a dash on its own line goes with its entry', () => {
    const text = 'version: 1\norg: acme\nusers:\n  -\n    login: alice\n  - bob\n';
    const r = removeUsers(text, keys('alice'));
    expect(r.text).toBe('version: 1\norg: acme\nusers:\n  - bob\n');
  });

  it('removing every user leaves users: [] (an empty block list would be null), comments kept', () => {
    const text = 'version: 1\norg: acme\nusers: # everyone\n  # the first\n  - alice\n  - bob\nteams: []\n';
    const r = removeUsers(text, keys('alice', 'bob'));
    expect(r.text).toBe('version: 1\norg: acme\nusers: [] # everyone\n  # the first\nteams: []\n');
    expect(parseSeats(r.text, 'seats.yaml').errors).toEqual([]);
  });

  it('CRLF files stay CRLF', () => {
    const text = 'version: 1\r\norg: acme\r\nusers:\r\n  - alice\r\n  - bob\r\n';
    expect(removeUsers(text, keys('alice')).text).toBe('version: 1\r\norg: acme\r\nusers:\r\n  - bob\r\n');
  });

  it('nothing asked, or nobody listed: the text is returned as it is', () => {
    expect(removeUsers(BLOCK, keys()).text).toBe(BLOCK);
    expect(removeUsers(BLOCK, keys('zed'))).toEqual({ text: BLOCK, removed: [], kept: [] });
  });

  it('refuses a file that does not load', () => {
    expect(() => removeUsers('version: 2\norg: acme\n', keys('a'))).toThrow(/does not load/);
  });
});

describe('removeUsers, flow lists', () => {
  const head = 'version: 1\norg: acme # the org\n';
  it.each([
    ['the middle one', 'users: [a, b, c]\n', ['b'], 'users: [a, c]\n'],
    ['the first one', 'users: [a, b, c]\n', ['a'], 'users: [b, c]\n'],
    ['the last one', 'users: [a, b, c]\n', ['c'], 'users: [a, b]\n'],
    ['the last two', 'users: [a, b, c]\n', ['b', 'c'], 'users: [a]\n'],
    ['all of them', 'users: [a, b] # all\n', ['a', 'b'], 'users: [] # all\n'],
    ['quoted and long forms', 'users: ["a", {login: b, reason: x}, \'c\']\n', ['b'], 'users: ["a", \'c\']\n'],
    ['an anchored item', 'users: [&x a, b]\n', ['a'], 'users: [b]\n'],
    ['over several lines', 'users: [\n  a,\n  b,\n  c,\n]\n', ['b'], 'users: [\n  a,\n  c,\n]\n'],
  ])('%s', (_name, users, remove, expected) => {
    const r = removeUsers(head + users, new Set(remove));
    expect(r.text).toBe(head + expected);
    expect(parseSeats(r.text, 'seats.yaml').errors).toEqual([]);
  });
});
