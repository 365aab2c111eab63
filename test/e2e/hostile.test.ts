// The action as the runner runs it (dist/index.js) against what a hostile repository or a broken
// proxy can hand it (issue 11). Each run must say what it refused, and leave nothing behind it
// should not: no part of a token, no content of a file it must not read, no raw control character.
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, open, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerPull, repoOf } from '../../src/simulator/repos.ts';
import { runAction, type ActionRun, type ActionRunOptions, workspaceWith } from '../support/action.ts';
import { SEATS_YAML, pushIsNewest, registerMergedPull, twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';

useCheckedSimulators();

const REPO = 'acme/seats-admin';
const TOKEN = 'ghp_hostileSecretValue0123456789abcdef';
const REPO_TOKEN = 'ghs_hostileRepoToken987654321xyz';
const MERGE_SHA = '3333333333333333333333333333333333333333';
const ALWAYS = [1, 2, 3, 4, 5, 6, 7, 8];
const repository = { full_name: REPO, default_branch: 'main' };
const prEvent = { number: 7, pull_request: { number: 7, head: { sha: 'abc' } }, repository };

const workspace = (files: Record<string, string> = { 'seats.yaml': SEATS_YAML }) => workspaceWith(files);

/** A plan on pull request #7 unless `over` says otherwise. */
function run(sim: CheckedSimulator, cwd: string, over: Partial<ActionRunOptions> = {}): Promise<ActionRun> {
  pushIsNewest(sim.state, over.eventName ?? 'pull_request', over.sha ?? MERGE_SHA);
  return runAction({
    apiUrl: sim.url,
    cwd,
    eventName: 'pull_request',
    event: prEvent,
    repository: REPO,
    sha: MERGE_SHA,
    ...over,
    inputs: { token: TOKEN, 'github-token': REPO_TOKEN, ...over.inputs },
  });
}

/** Every run of 8 characters of a token found in `text`. */
function tokenPieces(text: string, tokens: string[]): string[] {
  return tokens.flatMap((t) =>
    Array.from({ length: t.length - 7 }, (_, i) => t.slice(i, i + 8)).filter((p) => text.includes(p)),
  );
}

function everything(sim: CheckedSimulator, r: ActionRun): string {
  const repo = repoOf(sim.state, 'acme', 'seats-admin');
  return [r.stdout.replace(/^::add-mask::.*$/gm, ''), r.stderr, r.summary, JSON.stringify(r.outputs)]
    .concat(repo.comments.map((c) => c.body))
    .join('\n');
}

describe('an error page cut through the token (issue 11, item 2)', () => {
  it('apply: a write fails with an HTML page whose 200-character cut splits the token; nothing of it anywhere', async () => {
    const page = `<html><body><p>${'x'.repeat(180)} token ${TOKEN} and more of the page</p></body></html>`;
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [
        {
          method: 'POST',
          route: '/orgs/{org}/copilot/billing/selected_users',
          nth: ALWAYS,
          status: 422,
          rawBody: page,
          contentType: 'text/html',
        },
      ],
    });
    registerMergedPull(sim.state, MERGE_SHA);
    const result = await run(sim, await workspace(), {
      eventName: 'push',
      event: { ref: 'refs/heads/main', after: MERGE_SHA, repository },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/an HTML page, not GitHub's JSON/);
    const comment = repoOf(sim.state, 'acme', 'seats-admin').comments.find((c) => c.issue_number === 9);
    expect(comment?.body).toMatch(/an HTML page/);
    expect(tokenPieces(everything(sim, result), [TOKEN, REPO_TOKEN])).toEqual([]);
  });
});

describe('files outside the workspace, and files that are not files (issue 11, item 3)', () => {
  const SECRET = 'runner-secret-0123456789';

  it('a seats.yaml that is a symlink to a file outside the workspace: refused, unread, no API call', async () => {
    const outside = await workspace({ 'secret.txt': `version: 1\norg: acme\nusers: [${SECRET}]\n` });
    const ws = await workspace({});
    await symlink(join(outside, 'secret.txt'), join(ws, 'seats.yaml'));
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const result = await run(sim, ws);
    expect(result.code).toBe(1);
    expect(result.annotations).toEqual([
      {
        level: 'error',
        props: {},
        message: expect.stringMatching(
          /^copilot-seats: config seats\.yaml resolves to .*secret\.txt, outside the workspace \(.*\): it was not read/,
        ),
      },
    ]);
    expect(result.stdout + result.stderr + result.summary).not.toContain(SECRET);
    expect(sim.requests).toEqual([]);
  });

  it('a config path that climbs out (../) is refused the same way; a symlinked folder inside is fine', async () => {
    const outside = await workspace();
    const ws = await workspace({});
    await mkdir(join(ws, 'orgs'));
    await writeFile(join(ws, 'orgs', 'seats.yaml'), SEATS_YAML);
    await symlink(join(ws, 'orgs'), join(ws, 'linked'));
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const out = await run(sim, ws, {
      inputs: { config: join('..', outside.split('/').at(-1)!, 'seats.yaml') },
    });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      /::error::copilot-seats: config \.\.\/.*seats\.yaml resolves to .*, outside the workspace/,
    );
    expect(sim.requests).toEqual([]);
    const inside = await run(sim, ws, { inputs: { config: 'linked/seats.yaml' } });
    expect(inside.code).toBe(0);
    expect(inside.outputs['has-changes']).toBe('true');
  });

  it('a FIFO as config is refused without being opened (opening it would wait for a writer for ever)', async () => {
    const ws = await workspace({});
    execFileSync('mkfifo', [join(ws, 'seats.yaml')]);
    const sim = await startCheckedSimulator(twelveMemberOrg());
    // Had the action opened the pipe, this writer would find it and hand it a valid file.
    const writer = setTimeout(() => void feed(join(ws, 'seats.yaml')), 3_000);
    const result = await run(sim, ws);
    clearTimeout(writer);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /seats\.yaml is a named pipe \(FIFO\), not a seats\.yaml file: it was not read/,
    );
    expect(sim.requests).toEqual([]);
  });

  it('a file that is no YAML mapping (a private key, a .env file): not a character of it in the annotations', async () => {
    const key = `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const env = `TOKEN=${SECRET}\nPASSWORD=${SECRET}x\n`;
    for (const text of [key, env]) {
      const sim = await startCheckedSimulator(twelveMemberOrg());
      const result = await run(sim, await workspace({ 'seats.yaml': text }));
      expect(result.code).toBe(1);
      expect(result.stdout).not.toMatch(/PRIVATE|PASSWORD|TOKEN=/);
      expect(result.stdout).not.toContain(SECRET);
      expect(result.annotations[0]?.message).toMatch(
        /the top level must be a mapping .*not a single value \(\d+ characters, not shown\)/,
      );
      expect(sim.requests).toEqual([]);
    }
  });
});

/** Writes a valid seats file into a FIFO, if anything has it open for reading. */
async function feed(fifo: string): Promise<void> {
  try {
    const handle = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    await handle.writeFile(SEATS_YAML);
    await handle.close();
  } catch {
    // ENXIO: no reader, which is what the test wants.
  }
}

describe('hostile sizes and characters (issue 11, item 9)', () => {
  it('2,000 problems in the file: 50 annotations, one line that counts the rest, a bounded log', async () => {
    const users = Array.from({ length: 2_000 }, () => '  - ann').join('\n');
    const sim = await startCheckedSimulator(twelveMemberOrg());
    const result = await run(
      sim,
      await workspace({ 'seats.yaml': `version: 1\norg: acme\nusers:\n${users}\n` }),
    );
    expect(result.code).toBe(1);
    const fromFile = result.annotations.filter((a) => a.props.file === 'seats.yaml');
    expect(fromFile).toHaveLength(50);
    expect(result.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      'copilot-seats: 1949 more annotation(s) left out (at most 50 per run)',
    ]);
    const failed = result.annotations.find((a) =>
      a.message.startsWith('copilot-seats: seats.yaml is not valid'),
    );
    expect(failed?.message).toMatch(/\(1999 problem\(s\)\):\n(.*\n){10}… and 1989 more$/);
    expect(result.stdout.length).toBeLessThan(30_000);
    expect(sim.requests).toEqual([]);
  });

  it('a 20,000-character reason repeated by 99 aliases: cut before it reaches the outputs, summary and comment', async () => {
    const reason = 'r'.repeat(20_000);
    const users = Array.from({ length: 99 }, (_, i) => `  - { login: u${i}, reason: *why }`).join('\n');
    const yaml = `version: 1\norg: acme\nusers:\n  - { login: ann, reason: &why "${reason}" }\n${users}\n`;
    const members = [...['ann', 'ben', 'ida'], ...Array.from({ length: 100 }, (_, i) => `u${i}`)];
    const sim = await startCheckedSimulator(
      twelveMemberOrg({ members: members.map((login) => ({ login })), teams: [], seats: [] }),
    );
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const result = await run(sim, await workspace({ 'seats.yaml': yaml }));
    expect(result.code, result.stdout).toBe(0);
    const plan = JSON.parse(result.outputs.plan ?? '{}') as {
      add: { users: { login: string; reason: string }[] };
    };
    expect(plan.add.users).toHaveLength(100);
    expect(plan.add.users.find((a) => a.login === 'u7')?.reason).toMatch(
      /^listed in seats\.yaml \(r{400,}…\)$/,
    );
    expect(result.outputs.plan?.length).toBeLessThan(101 * 1_000);
    expect(result.summary.length).toBeLessThan(101 * 1_000);
    const comment = repoOf(sim.state, 'acme', 'seats-admin').comments.find((c) => c.issue_number === 7);
    expect(comment?.body.length).toBeLessThan(65_536);
  });

  it('ANSI escapes and control characters from the file are shown escaped in annotations, summary and comment', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
    const yaml =
      'version: 1\norg: acme\nusers:\n  - login: jon\n    reason: "pilot \\e[31mRED\\e[2J \\u202e evil"\n';
    const good = await run(sim, await workspace({ 'seats.yaml': yaml }));
    expect(good.code).toBe(0);
    const bad = await run(
      sim,
      await workspace({ 'seats.yaml': 'version: 1\norg: acme\nusers: ["ann\\e[2J\\e[31m"]\n' }),
    );
    expect(bad.code).toBe(1);
    const comment = repoOf(sim.state, 'acme', 'seats-admin').comments.find((c) => c.issue_number === 7);
    for (const text of [good.stdout, good.summary, comment?.body ?? '', bad.stdout]) {
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    }
    for (const md of [good.summary, comment?.body ?? '']) {
      expect(md).toContain('pilot &#92;x1b&#91;31mRED&#92;x1b&#91;2J &#92;u202e evil');
    }
    expect(bad.annotations[0]?.message).toMatch(/^'ann\\x1b\[2J\\x1b\[31m' is not a valid GitHub login/);
  });
});
