// Runs the committed action bundle the way the runner does: `node dist/index.js` as a child process
// with INPUT_*, GITHUB_* and RUNNER_* variables, an event payload file, and the output and summary files.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ACTION = join(ROOT, 'dist/index.js');
/** GITHUB_SHA when a test gives none. */
export const DEFAULT_SHA = '0123456789abcdef0123456789abcdef01234567';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error file=…,line=…::message` and `::warning …` workflow commands, parsed. */
  annotations: { level: string; props: Record<string, string>; message: string }[];
}

export interface ActionRunOptions {
  apiUrl: string;
  inputs: Record<string, string>;
  eventName: string;
  event: unknown;
  ref?: string;
  sha?: string;
  repository?: string;
  cwd?: string;
  /** More environment variables (HTTPS_PROXY, no_proxy, …), set after the runner's. */
  env?: Record<string, string>;
}

/** GITHUB_OUTPUT uses heredoc blocks: `name<<DELIM\nvalue\nDELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (m) {
      const [, name, delim] = m as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] ?? '');
      out[name] = value.join('\n');
    } else if (lines[i]?.includes('=')) {
      const [name, ...rest] = (lines[i] ?? '').split('=');
      out[name ?? ''] = rest.join('=');
    }
  }
  return out;
}

function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const found: ActionRun['annotations'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const [k, ...v] = pair.split('=');
      props[k ?? ''] = v.join('=');
    }
    found.push({
      level: m[1] ?? '',
      props,
      message: (m[3] ?? '').replace(/%0A/g, '\n').replace(/%25/g, '%'),
    });
  }
  return found;
}

/** The inputs' defaults as action.yml declares them. */
async function actionDefaults(): Promise<Record<string, string>> {
  const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, input.default]],
    ),
  );
}

export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-e2e-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  await writeFile(eventPath, JSON.stringify(options.event));
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: options.repository ?? 'acme/seats-admin',
    GITHUB_REF: options.ref ?? 'refs/heads/main',
    GITHUB_SHA: options.sha ?? DEFAULT_SHA,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1001',
    GITHUB_WORKSPACE: options.cwd ?? dir,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    ...options.env,
  };
  // The runner passes every input with a default, expressions evaluated, as INPUT_<NAME>.
  const expressions: Record<string, string> = {
    '${{ github.token }}': 'ghs_defaultWorkflowToken',
    '${{ github.api_url }}': options.apiUrl,
  };
  for (const [name, value] of Object.entries(await actionDefaults())) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = expressions[value] ?? value;
  }
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const child = spawn(process.execPath, [ACTION], { cwd: options.cwd ?? dir, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? -1)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8'),
    annotations: parseAnnotations(stdout),
  };
}

/** A fresh workspace holding `seats.yaml` (given as text) or the files given by name. */
export async function workspaceWith(files: string | Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-ws-'));
  const byName = typeof files === 'string' ? { 'seats.yaml': files } : files;
  for (const [name, text] of Object.entries(byName)) await writeFile(join(dir, name), text);
  return dir;
}

const repositoryOf = (repo: string) => ({ full_name: repo, default_branch: 'main' });

/** The payload of a pull_request event (synchronize) on `main`, as the runner writes it. */
export function pullRequestEvent(
  repo: string,
  n: number,
  opts: { baseSha?: string; labels?: string[] } = {},
): Record<string, unknown> {
  const base = opts.baseSha === undefined ? { ref: 'main' } : { ref: 'main', sha: opts.baseSha };
  const labels = opts.labels === undefined ? {} : { labels: opts.labels.map((name) => ({ name })) };
  return {
    action: 'synchronize',
    number: n,
    pull_request: { number: n, head: { sha: 'abc' }, base, ...labels },
    repository: repositoryOf(repo),
  };
}

/** The payload of a push event to `ref` (default main) whose head is `sha`. */
export function pushEventOf(repo: string, sha: string, ref = 'refs/heads/main'): Record<string, unknown> {
  return { ref, after: sha, repository: repositoryOf(repo) };
}

/** The payload of a schedule event. */
export function scheduleEventOf(repo: string): Record<string, unknown> {
  return { schedule: '17 6 * * *', repository: repositoryOf(repo) };
}
