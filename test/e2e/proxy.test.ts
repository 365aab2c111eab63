// Behind a forward proxy (issue 12 §1). Every client is @actions/github's (src/github/client.ts), so
// the bundled action and CLI reach the API through HTTP_PROXY / HTTPS_PROXY as every other action
// does, and no_proxy exempts a host. A forward proxy on loopback (test/support/proxy.ts) forwards to
// the simulator and lists what went through it.
//
// Loopback: @actions/http-client never proxies `localhost`, `127.*`, `[::1]` or `[0:0:0:0:0:0:0:1]`,
// whatever HTTP_PROXY and no_proxy say (checkBypass → isLoopbackAddress), so a simulator at
// http://127.0.0.1:PORT is always reached directly (the last action test here shows it). The proxied
// tests name the simulator `[::FFFF:7F00:1]` instead: 127.0.0.1 in IPv4-mapped IPv6 form, which that
// rule does not know, no DNS resolves, and a direct connection still reaches (the no_proxy tests).
// In capitals, because @octokit/endpoint turns `:name` in a URL into a `{name}` template, and
// `[::ffff:…]` would lose its `:ffff` (and go to ::7f00:1); `:FFFF` does not match its [a-z].
import { mkdtemp, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerPull, repoOf } from '../../src/simulator/repos.ts';
import { ROOT, runAction, workspaceWith } from '../support/action.ts';
import { SEATS_YAML, TWELVE_NOW, twelveMemberOrg } from '../support/orgs.ts';
import { startForwardProxy, type ForwardProxy } from '../support/proxy.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedSimulator } from '../support/simulator.ts';

useCheckedSimulators();

const proxies: ForwardProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(): Promise<ForwardProxy> {
  const p = await startForwardProxy();
  proxies.push(p);
  return p;
}

const REPO = 'acme/seats-admin';
const MAPPED = '[::FFFF:7F00:1]';

/** The simulator's URL under the IPv4-mapped name of 127.0.0.1. */
const mapped = (sim: CheckedSimulator) => sim.url.replace('127.0.0.1', MAPPED);

/** Each request the simulator served, as METHOD /path, sorted (reads run concurrently). */
const served = (sim: CheckedSimulator) => sim.requests.map((r) => `${r.method} ${r.path}`).sort();
const proxied = (p: ForwardProxy) => p.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`).sort();

/** A plan on pull request #7, the simulator named `host`. */
async function planOnPullRequest(host: string, env: Record<string, string>) {
  const sim = await startCheckedSimulator(twelveMemberOrg());
  registerPull(sim.state, REPO, { number: 7, head_sha: 'abc' });
  const cwd = await workspaceWith(SEATS_YAML);
  const run = await runAction({
    apiUrl: sim.url.replace('127.0.0.1', host),
    cwd,
    eventName: 'pull_request',
    event: {
      action: 'synchronize',
      number: 7,
      pull_request: { number: 7, head: { sha: 'abc' }, base: { ref: 'main' } },
      repository: { full_name: REPO, default_branch: 'main' },
    },
    repository: REPO,
    inputs: { token: 'ghp_proxyTestToken0123456789', 'github-token': 'ghs_repoToken' },
    env,
  });
  const comments = repoOf(sim.state, 'acme', 'seats-admin').comments.filter((c) => c.issue_number === 7);
  return { sim, run, comments };
}

describe('the action behind a forward proxy', () => {
  it('sends every API request through HTTP_PROXY, reads and comments, and succeeds', async () => {
    const p = await proxy();
    const { sim, run, comments } = await planOnPullRequest(MAPPED, {
      HTTP_PROXY: p.url,
      HTTPS_PROXY: p.url,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs['has-changes']).toBe('true');
    expect(comments).toHaveLength(1);
    // Both clients (the Copilot token's and github-token's), every request, and nothing else.
    expect(sim.requests.length).toBeGreaterThan(3);
    expect(proxied(p)).toEqual(served(sim));
    expect(sim.requests.some((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'))).toBe(true);
    const authority = new URL(mapped(sim)).host;
    expect(new Set(p.requests.map((r) => r.target))).toEqual(new Set([authority]));
    expect(p.tunnels.length).toBeGreaterThan(0);
    expect(new Set(p.tunnels)).toEqual(new Set([authority]));
  });

  it('goes direct to a host no_proxy names, and still succeeds', async () => {
    const p = await proxy();
    const { sim, run, comments } = await planOnPullRequest(MAPPED, {
      HTTP_PROXY: p.url,
      HTTPS_PROXY: p.url,
      no_proxy: `example.com,${MAPPED}`,
    });
    expect(run.code).toBe(0);
    expect(comments).toHaveLength(1);
    expect(sim.requests.length).toBeGreaterThan(3);
    expect(p.requests).toEqual([]);
    expect(p.tunnels).toEqual([]);
  });

  it('never proxies a loopback name such as 127.0.0.1, even without no_proxy (@actions/http-client)', async () => {
    const p = await proxy();
    const { sim, run } = await planOnPullRequest('127.0.0.1', { HTTP_PROXY: p.url, HTTPS_PROXY: p.url });
    expect(run.code).toBe(0);
    expect(sim.requests.length).toBeGreaterThan(3);
    expect(p.requests).toEqual([]);
  });
});

function runCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise<{ code: number; stdout: string; stderr: string }>((res) =>
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr })),
  );
}

describe('the CLI behind a forward proxy', () => {
  // --api-url names another host than GITHUB_API_URL (unset: api.github.com), for which the toolkit
  // chose its fetch at load; GITHUB_API_URL alone is the toolkit's own case.
  describe.each([
    ['--api-url', (url: string) => ({ args: ['--api-url', url], env: {} })],
    ['GITHUB_API_URL', (url: string) => ({ args: [], env: { GITHUB_API_URL: url } })],
  ])('plan with the API named by %s', (_, api) => {
    async function plan(env: Record<string, string>) {
      const sim = await startCheckedSimulator(twelveMemberOrg());
      const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-proxy-cli-'));
      await writeFile(join(dir, 'seats.yaml'), SEATS_YAML);
      const { args, env: apiEnv } = api(mapped(sim));
      const config = ['--config', join(dir, 'seats.yaml')];
      const r = await runCli(['plan', ...config, ...args, '--token', 't', '--now', TWELVE_NOW], {
        ...apiEnv,
        ...env,
      });
      return { sim, r };
    }

    it('goes through HTTP_PROXY', async () => {
      const p = await proxy();
      const { sim, r } = await plan({ HTTP_PROXY: p.url });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(2); // changes
      expect(r.stdout).toMatch(/^Plan: /m);
      expect(sim.requests.length).toBeGreaterThan(3);
      expect(proxied(p)).toEqual(served(sim));
    });

    it('goes direct to a host no_proxy names', async () => {
      const p = await proxy();
      const { sim, r } = await plan({ HTTP_PROXY: p.url, NO_PROXY: MAPPED });
      expect(r.code).toBe(2);
      expect(sim.requests.length).toBeGreaterThan(3);
      expect(p.requests).toEqual([]);
    });
  });
});
