// Hostile and broken seats.yaml. Already covered elsewhere, not repeated here:
//   alias bomb → one clean error (test/config/parse-errors.test.ts "ends an alias bomb quickly");
//   BOM, CRLF, bytes that are not UTF-8, a file over 5 MB (test/config/read.test.ts);
//   CRLF positions (test/config/normalize.test.ts); logins with @, spaces, dots, '/' and team names
//   instead of slugs (parse-errors.test.ts); hostile text in the renderers given a Plan directly
//   (test/render/markdown.test.ts). This file adds: deep nesting, 100,000 entries, control
//   characters, injection attempts in names, BOM + CRLF together, and hostile reasons taken all the
//   way from YAML text through the loader and the planner to the PR, drift and apply markdown;
//   pipes, devices and directories given as the file; reasons and messages cut to a length, and
//   control characters shown escaped, on their way to the terminal.
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { annotationOf, formatConfigError } from '../../src/config/format.ts';
import { MAX_REASON_LENGTH } from '../../src/config/normalize.ts';
import { parseSeats } from '../../src/config/parse.ts';
import { readSeatsFile } from '../../src/config/read.ts';
import { makePlan } from '../../src/plan/planner.ts';
import type { ApplyReport, LiveSeat, LiveState } from '../../src/plan/types.ts';
import { renderApplyMarkdown, renderDriftMarkdown, renderPlanMarkdown } from '../../src/render/markdown.ts';
import { renderPlanText } from '../../src/render/text.ts';
import { twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

const HEAD = 'version: 1\norg: acme\n';
const NOW = new Date('2026-06-15T12:00:00Z');

const errorsOf = (yaml: string) => parseSeats(yaml, 'seats.yaml');

function live(seats: LiveSeat[], memberships: Record<string, 'active'> = {}): LiveState {
  return {
    scope: { kind: 'org', name: 'acme' },
    billing: { seatManagementSetting: 'assign_selected', planType: 'business', totalSeats: seats.length },
    seats,
    teams: {},
    memberships,
  };
}

const seat = (login: string, team?: string): LiveSeat => ({
  login,
  key: login.toLowerCase(),
  assigningTeam: team ? { slug: team, key: team, name: team, kind: 'team', outside: false } : null,
  pendingCancellationDate: null,
  lastActivityAt: null,
  createdAt: '2025-01-01T00:00:00Z',
});

describe('deeply nested documents', () => {
  it.each([
    ['flow sequences', `${HEAD}users: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`],
    ['flow mappings', `${HEAD}policy: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`],
    [
      'block sequences',
      `${HEAD}users:\n${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(2 * i + 2)}- `).join('\n')}x\n`,
    ],
  ])('%s 50,000 deep: one clean error, no crash', (_, yaml) => {
    const { desired, errors } = errorsOf(yaml);
    expect(desired).toBeNull();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.every((e) => e.file === 'seats.yaml' && e.line >= 1)).toBe(true);
    expect(errors.map((e) => e.message).join('\n')).not.toMatch(/call stack/);
  });

  it('says the document is nested too deeply', () => {
    const { errors } = errorsOf(`${HEAD}users: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(errors[0]?.message).toMatch(/nested far too deeply/);
  });

  it('a few levels too many is an ordinary schema error', () => {
    const { errors } = errorsOf(`${HEAD}users:\n  - [[[ann]]]\n`);
    expect(errors).toMatchObject([{ line: 4, column: 5, path: '/users/0' }]);
  });
});

describe('100,000 entries', () => {
  const logins = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
  const yaml = `${HEAD}users:\n${logins.map((l) => `  - ${l}`).join('\n')}\n`;

  it('loads them all, in order, and plans them', () => {
    const { desired, errors } = errorsOf(yaml);
    expect(errors).toEqual([]);
    expect(desired?.users).toHaveLength(100_000);
    expect(desired?.users[99_999]).toMatchObject({
      login: 'user-99999',
      key: 'user-99999',
      pos: { line: 100_003 },
    });
    const seats = logins.filter((_, i) => i % 2 === 0).map((l) => seat(l));
    const memberships = Object.fromEntries(
      logins.filter((_, i) => i % 2 === 1).map((l) => [l, 'active' as const]),
    );
    const plan = makePlan(desired!, live([...seats, seat('leaver')], memberships), { now: NOW });
    expect(plan.add.users).toHaveLength(50_000);
    expect(plan.remove.users.map((u) => u.login)).toEqual(['leaver']);
  });

  it('finds the one duplicate among them, on its line', () => {
    const { desired, errors } = errorsOf(yaml + '  - USER-4242\n');
    expect(desired).toBeNull();
    expect(errors).toMatchObject([
      { line: 100_004, message: expect.stringMatching(/listed twice|duplicate/i) },
    ]);
  });

  it('reads them from a file (1.5 MB) through readSeatsFile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seats-100k-'));
    await writeFile(join(dir, 'seats.yaml'), yaml);
    const { desired, errors } = await readSeatsFile(join(dir, 'seats.yaml'));
    expect(errors).toEqual([]);
    expect(desired?.users).toHaveLength(100_000);
  });
});

describe('encodings and control characters', () => {
  it('BOM and CRLF together: same result as plain LF', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seats-bom-'));
    const text = `${HEAD}users:\n  - ann\n  - login: bob\n    reason: pilot\n`;
    await writeFile(
      join(dir, 'seats.yaml'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'))]),
    );
    const read = await readSeatsFile(join(dir, 'seats.yaml'), 'seats.yaml');
    expect(read.errors).toEqual([]);
    expect(read.desired).toEqual(parseSeats(text, 'seats.yaml').desired);
  });

  it.each([
    ['BEL', '\u0007'],
    ['NUL', '\u0000'],
    ['ESC (an ANSI colour)', '\u001b[31m'],
    ['DEL', '\u007f'],
    ['a right-to-left override', '\u202e'],
    ['a zero-width space', '\u200b'],
  ])('%s in a login is a login error at its line', (_, ch) => {
    const { desired, errors } = errorsOf(`${HEAD}users:\n  - ann${ch}\n`);
    expect(desired).toBeNull();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0]?.line).toBe(4);
  });

  it('control characters in a reason never reach the markdown or the terminal', () => {
    const { desired } = errorsOf(
      `${HEAD}users:\n  - login: ann\n    reason: "red \\e[31m\\u0000 alert\\r\\nforged line \\u2028 x"\n`,
    );
    const plan = makePlan(desired!, live([], { ann: 'active' }), { now: NOW });
    const md = renderPlanMarkdown(plan);
    const text = renderPlanText(plan, { color: false });
    for (const out of [md, text]) {
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u2028]/);
    }
    expect(md.split('\n').filter((l) => l.includes('forged line'))).toHaveLength(1);
    expect(md.split('\n').find((l) => l.includes('forged line'))).toMatch(/^\| `ann` \|/);
  });
});

describe('names that try markdown or HTML injection are login or slug errors', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    '[mallory](https://evil.example)',
    '**bold**',
    '`code`',
    'ann<!--',
    'ann-->',
    '@acme/security',
    'mallory|col',
    'ann&#64;x',
    'javascript:alert(1)',
  ])('%s', (name) => {
    for (const yaml of [
      `${HEAD}users:\n  - ${JSON.stringify(name)}\n`,
      `${HEAD}users:\n  - login: ${JSON.stringify(name)}\n`,
      `${HEAD}exempt:\n  - login: ${JSON.stringify(name)}\n`,
      `${HEAD}teams:\n  - ${JSON.stringify(name)}\n`,
      `${HEAD}exempt:\n  - team: ${JSON.stringify(name)}\n`,
    ]) {
      const { desired, errors } = errorsOf(yaml);
      expect(desired, yaml).toBeNull();
      expect(errors[0]?.line, yaml).toBe(4);
      expect(errors[0]?.message, yaml).toMatch(/not a valid|slug|login|write it without/i);
    }
  });

  it('an org that tries injection is an org error', () => {
    const { errors } = errorsOf('version: 1\norg: "acme --> <b>x</b>"\n');
    expect(errors).toMatchObject([{ line: 2, path: '/org' }]);
  });
});

describe('hostile reasons, from YAML text to the PR comment', () => {
  const FAKE_MARKER = '<!-- copilot-seats:plan org=acme -->';
  const yaml = `${HEAD}users:
  - login: mallory
    reason: "${FAKE_MARKER} cc @acme/security @octocat <script>alert(1)</script> <details open> [click](https://evil.example) ![x](https://evil.example/x.png) #1 | broken | table"
  - login: eve
    reason: |
      first line
      ${FAKE_MARKER}
      | a | b |
      -->
teams:
  - slug: eng
    reason: "<b>bold</b> @acme/eng"
exempt:
  - login: ceo
    reason: "<!-- hide the rest"
`;
  const { desired, errors } = parseSeats(yaml, 'seats.yaml');
  const plan = makePlan(
    desired!,
    {
      ...live([seat('gone'), seat('x', 'old')], { mallory: 'active', eve: 'active' }),
      teams: { eng: { slug: 'eng', key: 'eng', name: 'Eng <i>', exists: true, members: ['m1'] } },
    },
    { now: NOW },
  );
  const report: ApplyReport = {
    scope: { kind: 'org', name: 'acme' },
    dryRun: false,
    ok: false,
    writes: [
      {
        kind: 'add-users',
        names: ['mallory'],
        ok: false,
        status: 422,
        error: `add-users failed: 422 ${FAKE_MARKER} @octocat <img src=x>`,
      },
    ],
    mismatches: [{ code: 'x', message: `${FAKE_MARKER} @acme/security`, subject: '@octocat' }],
    held: [],
    skipped: [],
    notes: [],
  };
  const outputs = {
    plan: renderPlanMarkdown(plan),
    drift: renderDriftMarkdown(plan),
    apply: renderApplyMarkdown(report, plan, {}),
  };
  const outsideCode = (md: string) => md.replace(/`[^`\n]*`/g, '');

  it('loads (reasons are free text)', () => {
    expect(errors).toEqual([]);
    expect(plan.add.users.map((u) => u.login)).toEqual(['eve', 'mallory']);
  });

  it.each(Object.keys(outputs))('%s markdown: one marker, first line, nothing can fake it', (kind) => {
    const md = outputs[kind as keyof typeof outputs];
    expect(md.match(/<!--/g)).toHaveLength(1);
    // The plan's marker also carries its fingerprint (base64url: it cannot close the comment).
    expect(md.split('\n')[0]).toMatch(
      new RegExp(`^<!-- copilot-seats:${kind} org=acme( fingerprint=v1\\.[\\w-]+)? -->$`),
    );
    // Mermaid's axis ranges (`0 --> 9`) are fixed text in fenced blocks (test/render/charts.test.ts).
    expect(md.replace(/^```mermaid\n[\s\S]*?\n```$/gm, '')).not.toMatch(/-->[\s\S]*-->/);
  });

  it.each(Object.keys(outputs))(
    '%s markdown: no @-mention of a user or team, no raw HTML, no link or image',
    (kind) => {
      const md = outputs[kind as keyof typeof outputs];
      expect(outsideCode(md)).not.toMatch(/@[A-Za-z0-9]/);
      expect(md).not.toMatch(/<(script|img|b|i)[\s>]/i);
      expect(md.match(/<details/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
      expect(md).not.toMatch(/\]\(https:\/\/evil/);
      expect(md).not.toMatch(/(^|[^&])#1\b/);
    },
  );

  it('each hostile reason stays in its own table row', () => {
    const rows = outputs.plan.split('\n').filter((l) => /^\| `(mallory|eve)` \|/.test(l));
    expect(rows).toHaveLength(2);
    // Login, until, reason: three cells, whatever the reason holds.
    for (const row of rows) expect(row.match(/\|/g)).toHaveLength(4);
  });
});

describe('files that are not files (issue 11, item 3)', () => {
  async function cli(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: {},
      isTTY: false,
    });
    return { code, stdout, stderr };
  }

  /** Writes a valid file into the FIFO, if anything has it open for reading (nothing should). */
  async function feed(fifo: string): Promise<void> {
    try {
      const handle = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      await handle.writeFile(`${HEAD}users: [ann]\n`);
      await handle.close();
    } catch {
      // ENXIO: no reader.
    }
  }

  it('a FIFO is refused without being opened, by the CLI too (opening it would wait for a writer)', async () => {
    const fifo = join(await mkdtemp(join(tmpdir(), 'seats-fifo-')), 'seats.yaml');
    execFileSync('mkfifo', [fifo]);
    const writer = setTimeout(() => void feed(fifo), 3_000);
    const result = await cli(['validate', fifo]);
    clearTimeout(writer);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${fifo}:1:1: ${fifo} is a named pipe (FIFO), not a seats.yaml file: it was not read\n`,
    });
  });

  it.each([
    ['a directory', () => mkdtemp(join(tmpdir(), 'seats-dir-')), 'a directory'],
    ['a character device', async () => '/dev/zero', 'a device'],
    ['/dev/null', async () => '/dev/null', 'a device'],
  ])('%s is refused with what it is', async (_, path, what) => {
    const file = await path();
    const result = await cli(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${file}:1:1: ${file} is ${what}, not a seats.yaml file: it was not read\n`);
  });

  it('the CLI reads a file anywhere the user points it (it is their terminal)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seats-elsewhere-'));
    await writeFile(join(dir, 'seats.yaml'), `${HEAD}users: [ann]\n`);
    const link = join(await mkdtemp(join(tmpdir(), 'seats-link-')), 'seats.yaml');
    await symlink(join(dir, 'seats.yaml'), link);
    for (const file of [join(dir, 'seats.yaml'), link]) {
      expect((await cli(['validate', file])).code).toBe(0);
    }
  });
});

describe('hostile sizes and characters, to the terminal (issue 11, item 9)', () => {
  it('a reason is cut to 500 characters before anything repeats it (aliases repeat one 99 times)', () => {
    const users = Array.from({ length: 99 }, (_, i) => `  - { login: u${i}, reason: *why }`).join('\n');
    const { desired } = errorsOf(
      `${HEAD}users:\n  - { login: ann, reason: &why "${'r'.repeat(100_000)}" }\n${users}\n`,
    );
    expect(desired?.users).toHaveLength(100);
    for (const u of desired?.users ?? []) expect(u.reason).toBe(`${'r'.repeat(MAX_REASON_LENGTH)}…`);
    const { desired: teams } = errorsOf(`${HEAD}teams:\n  - { slug: eng, reason: "${'t'.repeat(600)}" }\n`);
    expect(teams?.teams[0]?.reason).toHaveLength(MAX_REASON_LENGTH + 1);
  });

  it('a 3,000-character key or value is quoted in at most a few hundred characters', () => {
    const long = 'k'.repeat(1_000);
    const { errors } = errorsOf(`${HEAD}${long}: 1\nusers:\n  - login: ${long}\n  - ${long}\n`);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const e of errors) {
      expect(formatConfigError(e).length).toBeLessThan(600);
      expect(annotationOf(e).message.length).toBeLessThan(600);
    }
  });

  it('an ANSI escape in a login is shown escaped by validate, never sent to the terminal raw', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seats-ansi-'));
    await writeFile(join(dir, 'seats.yaml'), `${HEAD}users: ["ann\\e[2J\\e[31m"]\n`);
    let stderr = '';
    const code = await runCli(['validate', join(dir, 'seats.yaml')], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      env: {},
      isTTY: true,
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/:3:9: 'ann\\x1b\[2J\\x1b\[31m' is not a valid GitHub login/);
    // eslint-disable-next-line no-control-regex
    expect(stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('an ANSI escape in a reason is shown escaped in the plan over HTTP, colours or not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seats-ansi-'));
    await writeFile(
      join(dir, 'seats.yaml'),
      `${HEAD}users:\n  - login: jon\n    reason: "pilot \\e[2J\\e[31mRED \\u202e evil"\n`,
    );
    const sim = await startCheckedSimulator(twelveMemberOrg());
    for (const isTTY of [false, true]) {
      let stdout = '';
      const code = await runCli(['plan', '--config', join(dir, 'seats.yaml'), '--api-url', sim.url], {
        stdout: (t) => (stdout += t),
        stderr: () => {},
        env: { COPILOT_SEATS_TOKEN: 'test-token' },
        isTTY,
      });
      expect(code).toBe(2);
      expect(stdout).toContain('(listed in seats.yaml (pilot \\x1b[2J\\x1b[31mRED \\u202e evil))');
      // The only escapes are the CLI's own colours.
      // eslint-disable-next-line no-control-regex
      expect(stdout.replace(/\u001b\[\d+m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    }
  });
});
