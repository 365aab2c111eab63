// The action as the runner runs it (dist/index.js) against what a hostile repository or a broken
// proxy can hand it (issue 11). Each run must say what it refused, and leave nothing behind it
// should not: no part of a token, no content of a file it must not read, no raw control character.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoOf } from '../../src/simulator/repos.ts';
import { runAction, type ActionRun, type ActionRunOptions } from '../support/action.ts';
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

async function workspace(files: Record<string, string> = { 'seats.yaml': SEATS_YAML }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-hostile-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

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
