// The CLI as npm users get it: `npm pack` once for this file, the tarball installed into a clean
// temporary project with an empty npm cache and --offline (so it must need nothing from a registry:
// every dependency is bundled into dist/cli.js), then `npx copilot-seats` from there, against the
// simulator.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/action.ts';
import { SEATS_YAML, TWELVE_NOW, twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let work = '';
let env: Record<string, string> = {};

/** A command with npm isolated from this machine: its own empty cache and user config, offline. */
function run(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  const child = spawn(cmd, args, { cwd, env: { ...env, ...extraEnv } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await run(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  engines: { node: string };
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
};

let packed: { filename: string; files: { path: string }[] };
let app = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'copilot-seats-pack-'));
  const home = join(work, 'home');
  await mkdir(home);
  await writeFile(join(home, '.npmrc'), '');
  env = {
    // The CLI's `#!/usr/bin/env node` runs on the node that runs the tests.
    PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
    HOME: home,
    npm_config_userconfig: join(home, '.npmrc'),
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
    npm_config_yes: 'false', // npx never offers to download copilot-seats: it must be the installed one
  };
  const out = await ok('npm', ['pack', '--json', '--pack-destination', work], ROOT);
  const [first] = JSON.parse(out) as (typeof packed)[];
  if (!first) throw new Error(`npm pack printed no package: ${out}`);
  packed = first;
  app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  await ok('npm', ['install', join(work, packed.filename)], app);
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the CLI bundle, its map and licences, the schema, the demo examples and the docs; nothing else', () => {
    const files = packed.files.map((f) => f.path).sort();
    const allowed = [
      /^package\.json$/,
      /^README\.md$/,
      /^LICENSE$/,
      /^CHANGELOG\.md$/,
      /^dist\/cli\.js(\.map)?$/,
      /^dist\/licenses\.txt$/,
      /^schema\/[^/]+\.json$/,
      /^examples\/(seats\.yaml|simulated-org\.json|enterprise-seats\.yaml|simulated-enterprise\.json|README\.md)$/, // npm adds every README
    ];
    expect(files.filter((f) => !allowed.some((a) => a.test(f)))).toEqual([]);
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/cli.js',
      'dist/cli.js.map',
      'dist/licenses.txt',
      'schema/seats.schema.json',
      'examples/seats.yaml',
      'examples/simulated-org.json',
      'examples/enterprise-seats.yaml',
      'examples/simulated-enterprise.json',
    ]) {
      expect(files).toContain(needed);
    }
    expect(Object.values(manifest.bin)).toEqual(['dist/cli.js']);
  });

  it('has no runtime dependencies: the install needed nothing but the tarball', async () => {
    expect(manifest).not.toHaveProperty('private');
    expect(manifest.dependencies ?? {}).toEqual({});
    const installed = JSON.parse(
      await readFile(join(app, 'node_modules/copilot-seats/package.json'), 'utf8'),
    );
    expect(installed.version).toBe(manifest.version);
    expect((await readdir(join(app, 'node_modules'))).filter((d) => !d.startsWith('.'))).toEqual([
      'copilot-seats',
    ]);
  });
});

describe('npx copilot-seats (installed from the tarball)', () => {
  it('--version prints the package version', async () => {
    const r = await run('npx', ['copilot-seats', '--version'], app);
    expect(r).toMatchObject({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  });

  it('help prints the usage, as --help does', async () => {
    const help = await run('npx', ['copilot-seats', 'help'], app);
    const dashHelp = await run('npx', ['copilot-seats', '--help'], app);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: copilot-seats <command>/);
    expect(help.stdout).toMatch(/--allow-mass-removal, --allow-mass-addition\n/);
    expect(help.stdout).toMatch(/--version/);
    expect(dashHelp).toEqual(help);
  });

  it('plan reads seats.yaml from the current directory and plans against the simulator', async () => {
    const sim = await startCheckedSimulator(twelveMemberOrg());
    await writeFile(join(app, 'seats.yaml'), SEATS_YAML);
    const r = await run('npx', ['copilot-seats', 'plan', '--api-url', sim.url, '--now', TWELVE_NOW], app, {
      GITHUB_TOKEN: 'npm-package-test-token',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Plan: /m);
    expect(r.code).toBe(2); // changes
    expect(sim.requests.length).toBeGreaterThan(0);
    expect(sim.requests.every((q) => q.method === 'GET')).toBe(true);
  });

  it('demo runs from the package (its examples are in the tarball)', async () => {
    const r = await run('npx', ['copilot-seats', 'demo'], app);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/3\. plan again[\s\S]*No changes\./);
    expect(r.code).toBe(0);
  });
});

describe('Node versions', () => {
  it("the README names the versions package.json's engines allows", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const major = /^>=(\d+)$/.exec(manifest.engines.node)?.[1];
    expect(major, `engines.node ${manifest.engines.node}`).toBeDefined();
    expect(readme).toContain(`Node.js ${major} or later`);
  });

  it('the CLI bundle is built for the oldest Node the engines allow', async () => {
    const build = await readFile(join(ROOT, 'scripts/build.mjs'), 'utf8');
    const major = /^>=(\d+)$/.exec(manifest.engines.node)?.[1];
    expect(build).toContain(`target: 'node${major}'`);
  });
});
