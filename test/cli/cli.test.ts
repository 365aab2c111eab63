// The CLI in-process (runCli with captured I/O) against the simulator over real HTTP, and the
// bundled dist/cli.js as a child process for the commands a newcomer types first.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickToken, runCli } from '../../src/cli.ts';
import { generateOrg } from '../../src/simulator/generate.ts';
import { loadSimState, type SimState } from '../../src/simulator/state.ts';
import { ROOT } from '../support/action.ts';
import { SEATS_YAML, TWELVE_NOW, twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

const EXAMPLE_SEATS = join(ROOT, 'examples/seats.yaml');
const EXAMPLE_ORG = join(ROOT, 'examples/simulated-org.json');
const EXAMPLE_ENTERPRISE = join(ROOT, 'examples/simulated-enterprise.json');

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

async function tempFile(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'copilot-seats-cli-')), name);
  await writeFile(path, text);
  return path;
}

describe('copilot-seats validate', () => {
  it('accepts the example with a one-line summary', async () => {
    const r = await cli(['validate', EXAMPLE_SEATS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/seats\.yaml: valid \(org acme: \d+ users, \d+ teams, \d+ exemptions\)\n$/);
  });

  it('prints FILE:LINE:COL: message lines on stderr and exits 1', async () => {
    const file = await tempFile(
      'seats.yaml',
      'version: 1\norg: acme\nusers:\n  - octocat\n  - 123\nteem: [x]\n',
    );
    const r = await cli(['validate', file]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${file}:5:5: .*quote`));
    expect(lines[1]).toMatch(new RegExp(`^${file}:6:1: .*did you mean 'teams'`));
  });

  it('warns on entries already expired, and still exits 0', async () => {
    const r = await cli(['validate', EXAMPLE_SEATS, '--now', '2026-03-16T12:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `warning: ${EXAMPLE_SEATS}:22:5: 'summer-intern' expired on 2025-09-01: the next apply cancels the seat; remove the entry or extend the date (at /users/5)`,
    ]);
    const json = JSON.parse((await cli(['validate', EXAMPLE_SEATS, '--json', '--now', '2027-07-01'])).stdout);
    expect(json.valid).toBe(true);
    expect(json.warnings.map((w: { path: string }) => w.path)).toEqual([
      '/users/3',
      '/users/4',
      '/users/5',
      '/exempt/0',
    ]);
    expect(json.warnings[3].message).toMatch(/^the exemption of user 'ceo' expired on 2027-06-30/);
    const before = await cli(['validate', EXAMPLE_SEATS, '--now', '2025-08-31T12:00:00Z']);
    expect(before.stderr).toBe('');
  });

  it('prints {valid, errors} with --json', async () => {
    const file = await tempFile('seats.yaml', 'version: 2\norg: acme\n');
    const r = await cli(['validate', file, '--json']);
    const out = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(out.valid).toBe(false);
    expect(out.errors[0]).toMatchObject({ file, line: 1, path: '/version' });
  });
});

describe('copilot-seats plan', () => {
  it('matches the reviewed golden plan of the example org', async () => {
    const sim = await startCheckedSimulator(await loadSimState(EXAMPLE_ORG));
    const r = await cli([
      'plan',
      '--config',
      EXAMPLE_SEATS,
      '--api-url',
      sim.url,
      '--token',
      't',
      '--json',
      '--now',
      sim.state.now,
    ]);
    expect(r.code).toBe(1); // the example has two errors on purpose
    const golden = join(ROOT, 'test/golden/example-plan.json');
    if (process.env.UPDATE_GOLDEN) await writeFile(golden, r.stdout);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(await readFile(golden, 'utf8')));
    expect(sim.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('exits 2 when there are changes and 0 when there are none', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 50, teams: 3, seats: 20, seed: 2 }));
    const org = sim.state.org.login;
    const file = await tempFile('seats.yaml', `version: 1\norg: ${org}\nusers: []\n`);
    const args = ['plan', '--config', file, '--api-url', sim.url, '--now', sim.state.now];
    const changes = await cli(args, { GITHUB_TOKEN: 't' });
    expect(changes.code).toBe(2);
    expect(changes.stdout).toMatch(/^Plan: .*−\d+ seats/m);
    const dumped = await cli(['dump', '--org', org, '--api-url', sim.url, '--now', sim.state.now], {
      GITHUB_TOKEN: 't',
    });
    await writeFile(file, dumped.stdout);
    const none = await cli(args, { GITHUB_TOKEN: 't' });
    expect(none.stdout).toMatch(/No changes/);
    expect(none.code).toBe(0);
  });

  it('takes --concurrency for its reads, and refuses a value out of 1..50', async () => {
    const sim = await startCheckedSimulator(generateOrg({ members: 600, teams: 3, seats: 450, seed: 4 }));
    const file = await tempFile('seats.yaml', `version: 1\norg: ${sim.state.org.login}\nusers: []\n`);
    const args = ['plan', '--config', file, '--api-url', sim.url, '--token', 't', '--now', sim.state.now];
    expect((await cli([...args, '--concurrency', '2'])).code).toBe(2);
    for (const bad of ['0', '51', '2.5', 'many']) {
      const r = await cli([...args, '--concurrency', bad]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--concurrency: a whole number from 1 to 50/);
    }
  });

  it('exits 1 with a clear message when there is no token', async () => {
    const r = await cli(['plan', '--config', EXAMPLE_SEATS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no token: pass --token or set COPILOT_SEATS_TOKEN or GITHUB_TOKEN/);
    const empty = await cli(['plan', '--config', EXAMPLE_SEATS], {
      COPILOT_SEATS_TOKEN: ' ',
      GITHUB_TOKEN: '',
    });
    expect(empty.stderr).toMatch(/no token: .* \(COPILOT_SEATS_TOKEN and GITHUB_TOKEN are set but empty\)/);
  });

  it('takes GITHUB_TOKEN when COPILOT_SEATS_TOKEN is empty, and says which variable it used', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const file = await tempFile('seats.yaml', SEATS_YAML);
    const args = ['plan', '--config', file, '--api-url', sim.url, '--now', TWELVE_NOW];
    const r = await cli(args, { COPILOT_SEATS_TOKEN: '', GITHUB_TOKEN: 'ghp_fromGithubToken' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('copilot-seats: COPILOT_SEATS_TOKEN is set but empty: using GITHUB_TOKEN\n');
    const both = await cli(args, { COPILOT_SEATS_TOKEN: 'a', GITHUB_TOKEN: 'b' });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      'copilot-seats: using COPILOT_SEATS_TOKEN; GITHUB_TOKEN is set too, and not used\n',
    );
    const one = await cli(args, { GITHUB_TOKEN: 'b' });
    expect(one.stderr).not.toContain('copilot-seats: ');
  });

  it('picks the token from --token, then the first variable that is not empty', () => {
    expect(pickToken(undefined, { COPILOT_SEATS_TOKEN: '', GITHUB_TOKEN: ' g \n' })).toEqual({
      token: 'g',
      note: 'COPILOT_SEATS_TOKEN is set but empty: using GITHUB_TOKEN',
    });
    expect(pickToken(undefined, { COPILOT_SEATS_TOKEN: 'c', GITHUB_TOKEN: 'g' }).token).toBe('c');
    expect(pickToken('f', { COPILOT_SEATS_TOKEN: 'c' })).toEqual({ token: 'f' });
    expect(() => pickToken('  ', { GITHUB_TOKEN: 'g' })).toThrow(/--token is empty/);
  });
});

describe('copilot-seats apply --plan (a saved, reviewed plan)', () => {
  it('writes only what the saved plan holds; a seat granted since is reported, not cancelled', async () => {
    const state = twelveMemberOrg();
    const sim = await startCheckedSimulator(state);
    const file = await tempFile('seats.yaml', SEATS_YAML);
    const saved = join(await mkdtemp(join(tmpdir(), 'copilot-seats-plan-')), 'plan.json');
    const common = ['--config', file, '--api-url', sim.url, '--token', 't', '--now', TWELVE_NOW];
    const planned = await cli(['plan', ...common, '--out', saved]);
    expect(planned.code).toBe(2);
    expect(planned.stderr).toContain(`plan written to ${saved}`);
    expect(JSON.parse(await readFile(saved, 'utf8')).fingerprint.writes['remove-users']).toEqual(['ben']);

    // After the review, someone seats lea by hand: the file does not list her.
    sim.state.seats.push({ login: 'lea', direct: true, created_at: TWELVE_NOW });
    const applied = await cli(['apply', ...common, '--plan', saved, '--yes']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toMatch(/not written: lea: cancellation not in the reviewed plan of .*plan\.json/);
    const cancelled = sim.requests
      .filter((r) => r.method === 'DELETE' && r.route?.endsWith('selected_users'))
      .flatMap((r) => (r.body as { selected_usernames: string[] }).selected_usernames);
    expect(cancelled).toEqual(['ben']);
    expect(sim.state.seats.find((s) => s.login === 'lea')?.pending_cancellation_date ?? null).toBeNull();
  });

  it('--dry-run lists the writes it would send, in order, and sends none', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const file = await tempFile('seats.yaml', SEATS_YAML);
    const common = ['--config', file, '--api-url', sim.url, '--token', 't', '--now', TWELVE_NOW];
    const r = await cli(['apply', ...common, '--dry-run', '--yes']);
    expect(r.code).toBe(0);
    const listed = r.stdout.slice(r.stdout.indexOf('would be sent'));
    expect(listed.split('\n').slice(0, 5)).toEqual([
      'would be sent, in this order:',
      '  POST /orgs/acme/copilot/billing/selected_teams  selected_teams: Machine Learning',
      '  POST /orgs/acme/copilot/billing/selected_users  selected_usernames: fay, jon, kim',
      '  DELETE /orgs/acme/copilot/billing/selected_users  selected_usernames: ben',
      '  DELETE /orgs/acme/copilot/billing/selected_teams  selected_teams: Old Team',
    ]);
    expect(r.stdout).toMatch(/^4 writes would be sent/m);
    expect(r.stderr).toContain('dry run: nothing was changed');
    expect(sim.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    // Without --yes it is a dry run too, and says what --yes would send.
    const unconfirmed = await cli(['apply', ...common]);
    expect(unconfirmed.stdout).toContain('4 writes would be sent');
    expect(sim.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });

  it('refuses a file that holds no plan fingerprint, before any request', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const file = await tempFile('seats.yaml', SEATS_YAML);
    const notAPlan = await tempFile('plan.json', '{"version":1}');
    const r = await cli([
      'apply',
      '--config',
      file,
      '--api-url',
      sim.url,
      '--token',
      't',
      '--plan',
      notAPlan,
      '--yes',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no plan fingerprint in it; write one with plan --out/);
    expect(sim.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });
});

describe('copilot-seats dump', () => {
  const orgs: [string, () => Promise<SimState>][] = [
    ['the example org', () => loadSimState(EXAMPLE_ORG)],
    ['a generated org', async () => generateOrg({ members: 800, teams: 12, seats: 500, seed: 11 })],
    ['another generated org', async () => generateOrg({ members: 120, teams: 2, seats: 100, seed: 12 })],
  ];
  it.each(orgs)('dump then plan shows no changes on %s', async (_name, load) => {
    const sim = await startCheckedSimulator(await load());
    const common = ['--api-url', sim.url, '--token', 't', '--now', sim.state.now];
    const dumped = await cli(['dump', '--org', sim.state.org.login, ...common]);
    expect(dumped.code).toBe(0);
    const file = await tempFile('seats.yaml', dumped.stdout);
    expect((await cli(['validate', file])).code).toBe(0);
    const plan = await cli(['plan', '--config', file, '--json', ...common]);
    const json = JSON.parse(plan.stdout);
    expect(json.counts).toMatchObject({ adds: 0, removals: 0, errors: 0 });
    expect(plan.code).toBe(0);
  });

  const enterprises: [string, () => Promise<SimState>][] = [
    ['the example enterprise', () => loadSimState(EXAMPLE_ENTERPRISE)],
    [
      'a generated enterprise',
      async () => generateOrg({ members: 300, teams: 4, seats: 200, seed: 13, enterpriseRows: 400 }),
    ],
  ];
  it.each(enterprises)('dump --enterprise then plan shows no changes on %s', async (_name, load) => {
    const sim = await startCheckedSimulator(await load());
    const common = ['--api-url', sim.url, '--token', 't', '--now', sim.state.now];
    const dumped = await cli(['dump', '--enterprise', sim.state.enterprise.slug, ...common]);
    expect(dumped.code).toBe(0);
    expect(dumped.stdout).toMatch(new RegExp(`\\nenterprise: ${sim.state.enterprise.slug}\\n`));
    // Seats an org grants are left out, in comments: the enterprise cannot change them.
    expect(dumped.stdout).toMatch(/# Left out: \d+ seats? through org /);
    const file = await tempFile('seats.yaml', dumped.stdout);
    expect((await cli(['validate', file])).code).toBe(0);
    const plan = await cli(['plan', '--config', file, '--json', ...common]);
    const json = JSON.parse(plan.stdout);
    expect(json.enterprise).toBe(sim.state.enterprise.slug);
    expect(json.counts).toMatchObject({ adds: 0, removals: 0, errors: 0 });
    expect(plan.code).toBe(0);
  });

  it('needs exactly one of --org and --enterprise', async () => {
    const both = await cli(['dump', '--org', 'a', '--enterprise', 'b', '--token', 't']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('dump needs --org or --enterprise');
  });
});

function runDist(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], {
    env: { PATH: process.env.PATH, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((res) => child.on('close', (code) => res({ code: code ?? -1, stdout, stderr })));
}

describe('dist/cli.js', () => {
  it('is not thrown off by a stray GITHUB_EVENT_PATH with a malformed payload', async () => {
    // @actions/github's module entry parses that file at load time; the client must not load it.
    const event = await tempFile('event.json', '{ not json');
    const r = await runDist(['validate', EXAMPLE_SEATS], { GITHUB_EVENT_PATH: event });
    expect(r.stderr).not.toMatch(/SyntaxError|JSON/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid/);
  });

  it('runs the demo: plan, apply, plan with no changes, no token and no network', async () => {
    const r = await runDist(['demo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\. plan: .*\n[\s\S]*Plan: \+\d+ seats, −\d+ seats, 2 errors/);
    expect(r.stdout).toMatch(/2\. apply:[\s\S]*ok +add-users[\s\S]*ok +remove-teams/);
    // Four names, three seats created: the fourth had one through the team the plan cancels.
    expect(r.stdout).toMatch(
      /^ok +add-users hubot, mona_acme, monalisa, tariq-berg: 3 seats created; not counted: monalisa \(team platform\), who already had a seat through a team this plan cancels \(now direct\)$/m,
    );
    expect(r.stdout).not.toMatch(/\(\d+\)$/m);
    expect(r.stdout).toMatch(/3\. plan again[\s\S]*No changes\. The live org matches seats\.yaml\./);
  });

  it('serves the simulated org until stopped, and octokit-free fetch can page it', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'simulate', '--state', EXAMPLE_ORG]);
    let printed = '';
    const url = await new Promise<string>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => {
        printed += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed);
        if (m?.[1] && printed.includes('simulated date')) res(m[1]);
      });
      child.on('exit', () => rej(new Error('simulate exited early')));
    });
    const { now } = await loadSimState(EXAMPLE_ORG);
    expect(printed).toContain(`simulated date ${now}: plan and apply with --now ${now}`);
    const res = await fetch(`${url}/orgs/acme/copilot/billing/seats?per_page=100&page=2`, {
      headers: { authorization: 'token t' },
    });
    const body = (await res.json()) as { total_seats: number; seats: unknown[] };
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toMatch(
      new RegExp(`<${url}/orgs/acme/copilot/billing/seats\\?.*page=1.*rel="prev"`),
    );
    expect(body.seats.length).toBe(body.total_seats - 100);
    child.kill('SIGTERM');
    expect(await new Promise((res) => child.on('exit', res))).toBe(0);
  });
});
