// A file at a ref, read through the contents API (and the blob API above 1 MB).
import { describe, expect, it } from 'vitest';
import { readFileAt } from '../../src/github/contents.ts';
import { ApiError } from '../../src/github/errors.ts';
import type { ScriptedFault } from '../../src/simulator/faults.ts';
import { putFile } from '../../src/simulator/repos.ts';
import { smallOrg } from '../simulator/fixture.ts';
import { fastClient } from '../support/client.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

// A scripted 403 without a body is a secondary rate limit (retried); this one is a refusal.
const NO_ACCESS = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest',
};

const REPO = { owner: 'acme', repo: 'admin' };
const HEAD = 'a'.repeat(40);
const CONTENTS = '/repos/{owner}/{repo}/contents/{path}';

async function withFiles(faults: ScriptedFault[] = []) {
  const sim = await startCheckedSimulator(smallOrg(), { faults });
  return { sim, client: fastClient(sim.url) };
}

describe('readFileAt', () => {
  it('returns the exact text at a branch or a commit: BOM, CRLF and non-ASCII kept', async () => {
    const { sim, client } = await withFiles();
    const text = '\uFEFFversion: 1\r\norg: acme\r\nusers: [zoë, 李]\r\n';
    putFile(sim.state, 'acme/admin', 'main', 'config/seats.yaml', text);
    putFile(sim.state, 'acme/admin', HEAD, 'config/seats.yaml', 'version: 1\n');
    expect(await readFileAt(client, REPO, 'main', 'config/seats.yaml')).toBe(text);
    expect(await readFileAt(client, REPO, HEAD, 'config/seats.yaml')).toBe('version: 1\n');
  });

  it('is null when the path or the ref has no such file', async () => {
    const { sim, client } = await withFiles();
    putFile(sim.state, 'acme/admin', 'main', 'seats.yaml', 'x');
    expect(await readFileAt(client, REPO, 'main', 'other.yaml')).toBeNull();
    expect(await readFileAt(client, REPO, 'gone-branch', 'seats.yaml')).toBeNull();
  });

  it('reads a file over 1 MB through the blob API (the contents API leaves it out)', async () => {
    const { sim, client } = await withFiles();
    const big = `users:\n${'  - a-login-of-some-length\n'.repeat(45_000)}`;
    putFile(sim.state, 'acme/admin', 'main', 'seats.yaml', big);
    expect(await readFileAt(client, REPO, 'main', 'seats.yaml')).toBe(big);
    expect(sim.requests.map((r) => r.route)).toEqual([
      CONTENTS,
      '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    ]);
  });

  it('refuses a directory instead of reading it as empty', async () => {
    const { sim, client } = await withFiles();
    putFile(sim.state, 'acme/admin', 'main', 'config/seats.yaml', 'x');
    await expect(readFileAt(client, REPO, 'main', 'config')).rejects.toThrow(
      /^Reading config at main failed: it is a directory, not a file\.$/,
    );
  });

  it('describes other failures, naming the file and the ref', async () => {
    const { client } = await withFiles([
      { method: 'GET', route: CONTENTS, nth: 1, status: 403, body: NO_ACCESS },
    ]);
    const error = await readFileAt(client, REPO, 'main', 'seats.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(403);
    expect((error as Error).message).toMatch(/^Reading seats\.yaml at main failed: 403 /);
  });
});
