// addUser: seats.yaml edited in place. The result loads, and differs from the original only by the
// added (or rewritten) entry: every other line stays as written.
import { describe, expect, it } from 'vitest';
import { addUser } from '../../src/config/edit.ts';
import { parseSeats } from '../../src/config/parse.ts';

/** The lines of `after` that are not in `before`, in order: what a diff shows as added. */
function addedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: string[] = [];
  let i = 0;
  for (const line of b) {
    if (i < a.length && a[i] === line) i++;
    else out.push(line);
  }
  expect(i).toBe(a.length); // nothing removed: `before` is `after` minus lines
  return out;
}

const users = (text: string) =>
  parseSeats(text, 'seats.yaml').desired!.users.map(({ login, reason, expires }) => ({
    login,
    reason,
    expires,
  }));

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
teams: [eng] # everyone in eng
policy:
  inactive_days: 30 # a month
`;

describe('addUser', () => {
  it('appends a block entry after the last one, with its indentation, keeping every comment', () => {
    const r = addUser(BLOCK, { login: 'mona', reason: 'pairing on the API', expires: '2027-03-01' });
    expect(r.action).toBe('added');
    expect(addedLines(BLOCK, r.text)).toEqual([
      '  - login: mona',
      '    reason: pairing on the API',
      '    expires: 2027-03-01',
    ]);
    expect(r.text.indexOf('login: mona')).toBeGreaterThan(r.text.indexOf('expires: 2027-01-31'));
    expect(r.text.indexOf('login: mona')).toBeLessThan(r.text.indexOf('teams:'));
    expect(users(r.text).at(-1)).toEqual({
      login: 'mona',
      reason: 'pairing on the API',
      expires: '2027-03-01',
    });
  });

  it('keeps a list written at column 0 at column 0', () => {
    const text = 'version: 1\norg: acme\nusers:\n- alice\n';
    expect(addedLines(text, addUser(text, { login: 'mona' }).text)).toEqual(['- login: mona']);
  });

  it('adds to a flow list, and fills an empty one', () => {
    const flow = 'version: 1\norg: acme\nusers: [alice, "bob"] # two\n';
    const r = addUser(flow, { login: 'mona', reason: 'x' });
    expect(r.text).toBe('version: 1\norg: acme\nusers: [alice, "bob", { login: mona, reason: x }] # two\n');
    const empty = 'version: 1\norg: acme\nusers: [] # none yet\n';
    expect(addUser(empty, { login: 'mona' }).text).toBe(
      'version: 1\norg: acme\nusers: [{ login: mona }] # none yet\n',
    );
  });

  it('writes a users key when the file has none, and a last line without a newline', () => {
    const text = 'version: 1\norg: acme';
    const r = addUser(text, { login: 'mona', expires: '2027-01-01' });
    expect(r.text).toBe('version: 1\norg: acme\nusers:\n  - login: mona\n    expires: 2027-01-01\n');
    const last = 'version: 1\norg: acme\nusers:\n  - alice';
    expect(addUser(last, { login: 'mona' }).text).toBe(`${last}\n  - login: mona\n`);
  });

  it('quotes what YAML would read as something else, and keeps a reason to one line', () => {
    const text = 'version: 1\norg: acme\nusers: []\n';
    const r = addUser(text, { login: 'true', reason: 'needs: it\n# not a comment\t"really"' });
    expect(r.text).toContain('{ login: "true", reason: "needs: it # not a comment \\"really\\"" }');
    expect(users(r.text)).toEqual([{ login: 'true', reason: 'needs: it # not a comment "really"' }]);
  });

  it('cuts a very long reason to what the file keeps', () => {
    const r = addUser('version: 1\norg: acme\n', { login: 'mona', reason: 'x'.repeat(2000) });
    expect(users(r.text)[0]!.reason).toHaveLength(500);
  });

  it("rewrites the login's own entry instead of adding a second one", () => {
    const r = addUser(BLOCK, { login: 'carol', reason: 'ML pilot, extended', expires: '2027-06-30' });
    expect(r.action).toBe('updated');
    expect(users(r.text).filter((u) => u.login.toLowerCase() === 'carol')).toEqual([
      { login: 'carol', reason: 'ML pilot, extended', expires: '2027-06-30' },
    ]);
    expect(users(r.text).map((u) => u.login)).toEqual(['alice', 'bob', 'carol']);
    // Everything outside the entry is as it was.
    expect(r.text.startsWith(BLOCK.slice(0, BLOCK.indexOf('  - login: "Carol"')))).toBe(true);
    expect(r.text.endsWith(BLOCK.slice(BLOCK.indexOf('teams:')))).toBe(true);
  });

  it('turns a short entry into a long one in place (block and flow)', () => {
    const r = addUser(BLOCK, { login: 'Alice', reason: 'lead' });
    expect(r.text).toContain('users:\n  - login: Alice\n    reason: lead\n  # contractors below\n');
    const flow = 'version: 1\norg: acme\nusers: [alice, bob]\n';
    expect(addUser(flow, { login: 'alice', reason: 'lead' }).text).toBe(
      'version: 1\norg: acme\nusers: [{ login: alice, reason: lead }, bob]\n',
    );
  });

  it('leaves the file as it is when the entry already says the same', () => {
    const r = addUser(BLOCK, { login: 'carol', reason: 'ML pilot', expires: '2027-01-31' });
    expect(r).toEqual({ text: BLOCK, action: 'unchanged' });
  });

  it('refuses a file that does not load, and an entry anchored elsewhere', () => {
    expect(() => addUser('version: 1\n', { login: 'mona' })).toThrow(/does not load/);
    const anchored =
      'version: 1\norg: acme\nusers:\n  - login: mona\n    reason: &r pilot\n  - login: bob\n    reason: *r\n';
    expect(() => addUser(anchored, { login: 'mona', reason: 'x' })).toThrow(/anchor used elsewhere/);
  });

  it('adds after a last entry with a block scalar reason and a comment', () => {
    const text =
      'version: 1\norg: acme\nusers:\n  - login: bob\n    reason: |\n      two\n      lines\n\n# end\n';
    const r = addUser(text, { login: 'mona' });
    expect(addedLines(text, r.text)).toEqual(['  - login: mona']);
    expect(users(r.text).map((u) => u.login)).toEqual(['bob', 'mona']);
  });
});
