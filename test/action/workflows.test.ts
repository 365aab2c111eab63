// The example workflows are what users copy: each must be a well-formed GitHub workflow, call the
// action only with inputs action.yml declares and values the action accepts, ask for exactly the
// permissions its jobs need, and put the apply concurrency group on the jobs that can write seats,
// and only on them. Which mode a job runs in is decided by the action's own code (readInputs,
// resolveMode) for every event the workflow triggers on, and every workflow_dispatch input value.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../../src/inputs.ts';
import { resolveMode, type ResolvedMode, type RunnerContext } from '../../src/runner.ts';
import { ROOT } from '../support/action.ts';
import { published } from '../support/published.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const DIR = join(ROOT, 'examples/workflows');
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const load = (file: string) => parse(readFileSync(join(DIR, file), 'utf8')) as Obj;

const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
};

/** The default branch every example assumes (its `push: branches:`). */
const DEFAULT_BRANCH = 'main';
/** Modes that write seats: their jobs queue in the apply group. */
const WRITING = new Set(['apply', 'expire']);
const APPLY_CONCURRENCY = { group: 'copilot-seats-apply', 'cancel-in-progress': false };

// ---- GitHub's workflow syntax (the parts the examples may use) -------------------------------

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'];
const EVENTS = ['issues', 'pull_request', 'pull_request_target', 'push', 'schedule', 'workflow_dispatch'];
const JOB_KEYS = [
  ...['name', 'if', 'runs-on', 'permissions', 'concurrency', 'environment', 'timeout-minutes'],
  ...['steps', 'env', 'needs', 'strategy', 'outputs', 'defaults', 'continue-on-error'],
];
const STEP_KEYS = [
  ...['id', 'name', 'if', 'uses', 'run', 'with', 'env', 'shell', 'working-directory'],
  ...['continue-on-error', 'timeout-minutes'],
];
/** GITHUB_TOKEN permission scopes (docs: "Permissions for the GITHUB_TOKEN"). */
const SCOPES = [
  ...['actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token'],
  ...['issues', 'models', 'packages', 'pages', 'pull-requests', 'security-events', 'statuses'],
];
const DISPATCH_TYPES = ['string', 'boolean', 'choice', 'number', 'environment'];

// ---- A small evaluator for the `if:` expressions the examples use -----------------------------

type Value = string | boolean | null;

/** `github.event_name == 'push' || inputs.mode != 'apply'`: names, strings, ==, !=, !, &&, ||, (). */
function evaluate(source: string, names: Record<string, Value>): Value {
  const expr = source.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = expr.match(/==|!=|&&|\|\||!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w.-]*|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const truthy = (v: Value) => v !== null && v !== false && v !== '';
  const equal = (a: Value, b: Value) =>
    typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;
  const primary = (): Value => {
    const t = next();
    if (t === undefined) throw new Error(`unexpected end of '${expr}'`);
    if (t === '(') {
      const v = or();
      if (next() !== ')') throw new Error(`missing ')' in '${expr}'`);
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (!(t in names)) throw new Error(`'${t}' in '${expr}' is not known to this test: extend it`);
    return names[t] ?? null;
  };
  const unary = (): Value => (peek() === '!' ? (next(), !truthy(unary())) : primary());
  const comparison = (): Value => {
    const left = unary();
    const op = peek();
    if (op !== '==' && op !== '!=') return left;
    next();
    const same = equal(left, unary());
    return op === '==' ? same : !same;
  };
  const and = (): Value => {
    let v = comparison();
    while (peek() === '&&') {
      next();
      const r = comparison();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      next();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const value = or();
  if (i !== tokens.length) throw new Error(`cannot read '${expr}' past '${tokens[i]}'`);
  return value;
}

// ---- What a job does under each trigger --------------------------------------------------------

interface Trigger {
  event: string;
  /** workflow_dispatch input values of this run. */
  inputs: Record<string, Value>;
}

/** Every event of `on`, with every combination of the workflow_dispatch inputs. */
function triggers(on: Obj): Trigger[] {
  const list: Trigger[] = [];
  for (const event of Object.keys(on)) {
    if (event !== 'workflow_dispatch') {
      list.push({ event, inputs: {} });
      continue;
    }
    const declared =
      isObj(on.workflow_dispatch) && isObj(on.workflow_dispatch.inputs) ? on.workflow_dispatch.inputs : {};
    let combos: Record<string, Value>[] = [{}];
    for (const [name, spec] of Object.entries(declared)) {
      const s = isObj(spec) ? spec : {};
      const values: Value[] =
        s.type === 'choice' ? (s.options as string[]) : s.type === 'boolean' ? [true, false] : ['text'];
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
    }
    for (const inputs of combos) list.push({ event, inputs });
  }
  return list;
}

function namesFor(t: Trigger): Record<string, Value> {
  const names: Record<string, Value> = { 'github.event_name': t.event };
  for (const [k, v] of Object.entries(t.inputs)) names[`inputs.${k}`] = v;
  return names;
}

/** A `with:` value as the runner would pass it: `${{ inputs.x }}` resolved, other expressions a stand-in. */
function withValue(raw: Json, names: Record<string, Value>): string {
  const text = String(raw);
  const expr = /^\$\{\{\s*(inputs\.[\w-]+)\s*\}\}$/.exec(text)?.[1];
  if (expr) return String(evaluate(expr, names));
  return text.includes('${{') ? 'expression-value' : text;
}

function contextFor(event: string): RunnerContext {
  const ref = event.startsWith('pull_request') ? 'refs/pull/7/merge' : `refs/heads/${DEFAULT_BRANCH}`;
  return {
    eventName: event,
    ref,
    sha: '0'.repeat(40),
    defaultBranch: DEFAULT_BRANCH,
    repo: { owner: 'acme', repo: 'admin' },
  };
}

interface Run {
  trigger: Trigger;
  resolved: ResolvedMode;
  with: Record<string, string>;
  /** `github-token` as written (its default when not), before expressions are stood in for. */
  githubToken: string;
}

function isOurs(step: Obj): boolean {
  return typeof step.uses === 'string' && /(^|\/)copilot-seats@/.test(step.uses);
}

/** The action's runs in this job: one per trigger the job's `if` lets through. */
function actionRuns(job: Obj, on: Obj): Run[] {
  const runs: Run[] = [];
  const steps = (job.steps as Obj[]).filter(isOurs);
  for (const trigger of triggers(on)) {
    const names = namesFor(trigger);
    if (typeof job.if === 'string' && !evaluate(job.if, names)) continue;
    for (const step of steps) {
      const given = Object.fromEntries(
        Object.entries(isObj(step.with) ? step.with : {}).map(([k, v]) => [k, withValue(v, names)]),
      );
      const get = (name: string) => given[name] ?? withValue(ACTION.inputs[name]?.default ?? '', names);
      const inputs = readInputs(get, 'https://api.github.com');
      const resolved = resolveMode(inputs.mode, contextFor(trigger.event), inputs.scheduleMode);
      const raw = isObj(step.with) ? step.with['github-token'] : undefined;
      const githubToken = String(raw ?? ACTION.inputs['github-token']?.default ?? '');
      runs.push({ trigger, resolved, with: given, githubToken });
    }
  }
  return runs;
}

const modeOf = (r: Run) => ('mode' in r.resolved ? r.resolved.mode : 'refused');

/** The GITHUB_TOKEN permissions the action's runs need, from what they do with `github-token`. */
function neededPermissions(runs: Run[]): Record<string, string> {
  const needed: Record<string, string> = { contents: 'read' };
  for (const r of runs) {
    const mode = modeOf(r);
    const comments = r.with.comment !== 'false';
    if (mode === 'plan' && r.trigger.event.startsWith('pull_request') && comments) {
      needed['pull-requests'] = 'write';
    }
    if ((mode === 'drift' || mode === 'expire') && r.with['drift-issue'] !== 'false') needed.issues = 'write';
    // reclaim pushes a branch and opens a pull request with github-token: GITHUB_TOKEN needs that
    // only when it is that token (an App token brings its own permissions).
    if (mode === 'reclaim' && /\bgithub\.token\b/.test(r.githubToken)) {
      needed.contents = 'write';
      needed['pull-requests'] = 'write';
    }
    // request also comments on the issue with github-token.
    if (mode === 'request' && /\bgithub\.token\b/.test(r.githubToken)) {
      needed.contents = 'write';
      needed['pull-requests'] = 'write';
      needed.issues = 'write';
    }
    if (mode === 'apply' && r.trigger.event === 'push') {
      if (comments) needed['pull-requests'] = 'write';
      needed.issues ??= 'read';
    }
  }
  return needed;
}

// ---- The tests ---------------------------------------------------------------------------------

describe('the expression evaluator', () => {
  it('reads the examples’ conditions', () => {
    const names = { 'github.event_name': 'push', 'inputs.mode': 'apply' };
    expect(evaluate("github.event_name == 'push'", names)).toBe(true);
    expect(evaluate("${{ github.event_name == 'PUSH' }}", names)).toBe(true);
    expect(
      evaluate("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'", names),
    ).toBe(false);
    expect(evaluate("inputs.mode != 'apply'", names)).toBe(false);
    expect(evaluate("!(inputs.mode == 'plan') && github.event_name == 'push'", names)).toBe(true);
    expect(() => evaluate('github.ref == 1', names)).toThrow(/not known to this test/);
  });
});

describe('examples/workflows', () => {
  it('holds the workflows the docs name', () => {
    expect(FILES).toEqual([
      'copilot-seats-apply.yml',
      'copilot-seats-drift.yml',
      'copilot-seats-enterprise.yml',
      'copilot-seats-github-app.yml',
      'copilot-seats-manual.yml',
      'copilot-seats-plan.yml',
      'copilot-seats-reclaim.yml',
      'copilot-seats-request.yml',
      'copilot-seats.yml',
    ]);
  });

  describe.each(FILES)('%s', (file) => {
    const workflow = load(file);
    const on = workflow.on as Obj;
    const jobs = workflow.jobs as Record<string, Obj>;

    it('is a workflow: on, jobs, runs-on, steps; no permissions by default; no workflow-level concurrency', () => {
      expect(Object.keys(workflow).filter((k) => !WORKFLOW_KEYS.includes(k))).toEqual([]);
      expect(typeof workflow.name).toBe('string');
      expect(isObj(on)).toBe(true);
      expect(Object.keys(on).filter((e) => !EVENTS.includes(e))).toEqual([]);
      expect(workflow.permissions).toEqual({});
      expect(workflow).not.toHaveProperty('concurrency');
      expect(Object.keys(jobs).length).toBeGreaterThan(0);
      for (const [id, job] of Object.entries(jobs)) {
        expect(id).toMatch(/^[A-Za-z_][\w-]*$/);
        expect(
          Object.keys(job).filter((k) => !JOB_KEYS.includes(k)),
          id,
        ).toEqual([]);
        expect(job['runs-on'], id).toBe('ubuntu-latest');
        expect(Array.isArray(job.steps) && job.steps.length > 0, id).toBe(true);
        for (const step of job.steps as Obj[]) {
          expect(
            Object.keys(step).filter((k) => !STEP_KEYS.includes(k)),
            id,
          ).toEqual([]);
          expect('uses' in step !== 'run' in step, `${id}: uses or run`).toBe(true);
          if ('uses' in step) expect(step.uses, id).toMatch(/^[\w.-]+\/[\w./-]+@[\w.-]+$/);
        }
      }
    });

    it('triggers as GitHub reads it', () => {
      if ('push' in on) expect((on.push as Obj).branches).toEqual([DEFAULT_BRANCH]);
      if ('schedule' in on) {
        for (const s of on.schedule as Obj[]) expect(s.cron).toMatch(/^(\S+ ){4}\S+$/);
      }
      if ('pull_request' in on && isObj(on.pull_request) && 'types' in on.pull_request) {
        // An override label must re-run the check that it unblocks.
        expect(on.pull_request.types).toEqual(
          expect.arrayContaining(['labeled', 'unlabeled', 'synchronize']),
        );
      }
      if ('workflow_dispatch' in on && isObj(on.workflow_dispatch)) {
        for (const [name, spec] of Object.entries((on.workflow_dispatch.inputs ?? {}) as Obj)) {
          const s = spec as Obj;
          expect(DISPATCH_TYPES, name).toContain(s.type);
          expect(typeof s.description, name).toBe('string');
          if (s.type === 'choice') expect(s.options as string[], name).toContain(s.default);
          if (s.type === 'boolean') expect(typeof s.default, name).toBe('boolean');
        }
      }
    });

    it('uses the published action, with inputs action.yml declares, after a checkout', () => {
      let uses = 0;
      for (const [id, job] of Object.entries(jobs)) {
        const steps = job.steps as Obj[];
        steps.forEach((step, index) => {
          if (!isOurs(step)) return;
          uses++;
          expect(step.uses, id).toBe(published().uses);
          const given = isObj(step.with) ? Object.keys(step.with) : [];
          expect(
            given.filter((k) => !(k in ACTION.inputs)),
            id,
          ).toEqual([]);
          for (const [name, input] of Object.entries(ACTION.inputs)) {
            if (input.required) expect(given, `${id}: required input ${name}`).toContain(name);
          }
          const checkout = steps.findIndex(
            (s) => typeof s.uses === 'string' && s.uses.startsWith('actions/checkout@'),
          );
          expect(checkout, `${id}: the action reads seats.yaml from the checkout`).toBeGreaterThanOrEqual(0);
          expect(checkout, id).toBeLessThan(index);
        });
      }
      expect(uses).toBeGreaterThan(0);
    });

    it('passes values the action accepts, in a mode that runs (never refused) under every trigger', () => {
      for (const [id, job] of Object.entries(jobs)) {
        const runs = actionRuns(job, on);
        expect(runs.length, `${id} never runs`).toBeGreaterThan(0);
        for (const r of runs) {
          expect(
            r.resolved,
            `${id} on ${r.trigger.event} ${JSON.stringify(r.trigger.inputs)}`,
          ).toHaveProperty('mode');
        }
      }
    });

    it('queues in the apply group exactly the jobs that can write seats', () => {
      for (const [id, job] of Object.entries(jobs)) {
        const writes = actionRuns(job, on).some((r) => WRITING.has(modeOf(r)));
        if (writes) expect(job.concurrency, id).toEqual(APPLY_CONCURRENCY);
        else expect(job, id).not.toHaveProperty('concurrency');
      }
    });

    it('asks for exactly the permissions each job needs', () => {
      for (const [id, job] of Object.entries(jobs)) {
        const permissions = job.permissions as Obj;
        expect(isObj(permissions), id).toBe(true);
        for (const [scope, level] of Object.entries(permissions)) {
          expect(SCOPES, id).toContain(scope);
          expect(['read', 'write', 'none'], id).toContain(level);
        }
        expect(permissions, id).toEqual(neededPermissions(actionRuns(job, on)));
      }
    });
  });

  it('the manual workflow offers mode and dry-run inputs, and its dry-run reaches the apply', () => {
    const workflow = load('copilot-seats-manual.yml');
    const inputs = ((workflow.on as Obj).workflow_dispatch as Obj).inputs as Obj;
    expect(Object.keys(inputs).sort()).toEqual(['dry-run', 'mode']);
    expect((inputs['dry-run'] as Obj).default).toBe(true);
    const runs = Object.values(workflow.jobs as Record<string, Obj>).flatMap((job) =>
      actionRuns(job, workflow.on as Obj),
    );
    const modes = new Set(runs.map((r) => `${r.trigger.inputs.mode} → ${modeOf(r)}`));
    expect([...modes].sort()).toEqual(['apply → apply', 'drift → drift', 'plan → plan']);
    const applies = runs.filter((r) => modeOf(r) === 'apply');
    expect(applies.map((r) => [r.trigger.inputs['dry-run'], r.with['dry-run']])).toEqual([
      [true, 'true'],
      [false, 'false'],
    ]);
  });

  it('the GitHub App workflow uses two tokens: an App token for the API, github.token for comments', () => {
    const jobs = load('copilot-seats-github-app.yml').jobs as Record<string, Obj>;
    for (const [id, job] of Object.entries(jobs)) {
      const steps = job.steps as Obj[];
      const app = steps.findIndex((s) => s.uses === 'actions/create-github-app-token@v2');
      const ours = steps.findIndex(isOurs);
      expect(app, id).toBeGreaterThanOrEqual(0);
      expect(app, id).toBeLessThan(ours);
      const appWith = steps[app]?.with as Obj;
      expect(Object.keys(appWith), id).toEqual(expect.arrayContaining(['app-id', 'private-key', 'owner']));
      expect(appWith['permission-members'], id).toBe('read');
      const writes = actionRuns(job, load('copilot-seats-github-app.yml').on as Obj).some((r) =>
        WRITING.has(modeOf(r)),
      );
      // Only a job that writes seats asks the App for write access.
      expect(appWith['permission-organization-copilot-seat-management'], id).toBe(writes ? 'write' : 'read');
      const withs = steps[ours]?.with as Obj;
      expect(withs.token, id).toBe(`\${{ steps.${String(steps[app]?.id)}.outputs.token }}`);
      expect(withs['github-token'], id).toBe('${{ github.token }}');
    }
  });

  it('a reclaim job that pushes with github.token asks for contents and pull-requests write', () => {
    const on = { schedule: [{ cron: '0 6 * * 1' }] } as Obj;
    const job = (githubToken?: string): Obj => ({
      'runs-on': 'ubuntu-latest',
      steps: [
        {
          uses: 'OWNER/copilot-seats@v1',
          with: { token: 'x', mode: 'reclaim', ...(githubToken ? { 'github-token': githubToken } : {}) },
        },
      ],
    });
    const writes = { contents: 'write', 'pull-requests': 'write' };
    expect(neededPermissions(actionRuns(job(), on))).toEqual(writes);
    expect(neededPermissions(actionRuns(job('${{ github.token }}'), on))).toEqual(writes);
    expect(neededPermissions(actionRuns(job('${{ steps.repo.outputs.token }}'), on))).toEqual({
      contents: 'read',
    });
  });

  it('a request job that writes with github.token asks for contents, pull-requests and issues write', () => {
    const on = { issues: { types: ['opened', 'edited'] } } as Obj;
    const job = (githubToken?: string): Obj => ({
      'runs-on': 'ubuntu-latest',
      steps: [
        {
          uses: 'OWNER/copilot-seats@v1',
          with: { token: 'x', ...(githubToken ? { 'github-token': githubToken } : {}) },
        },
      ],
    });
    const runs = actionRuns(job(), on);
    expect(runs.map(modeOf)).toEqual(['request']); // auto on an issues event
    expect(neededPermissions(runs)).toEqual({ contents: 'write', 'pull-requests': 'write', issues: 'write' });
    expect(neededPermissions(actionRuns(job('${{ steps.repo.outputs.token }}'), on))).toEqual({
      contents: 'read',
    });
  });

  it('the concurrency comment says why the group is on the apply job only', () => {
    const text = readFileSync(join(DIR, 'copilot-seats-apply.yml'), 'utf8');
    expect(text).toMatch(/workflow level/);
    expect(text).toMatch(/cancel the apply waiting for its turn/);
  });
});

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1] ?? '') as Json);

  it('shows examples/workflows/copilot-seats.yml as its workflow', () => {
    const workflows = blocks.filter((b) => isObj(b) && 'on' in b && 'jobs' in b);
    expect(workflows).toContainEqual(load('copilot-seats.yml'));
  });

  it('calls the action with declared inputs only, and queues only applies in a concurrency group', () => {
    for (const block of blocks.filter(isObj)) expect(block).not.toHaveProperty('concurrency');
    const jobs = blocks.filter(isObj).flatMap((b) => (isObj(b.jobs) ? Object.values(b.jobs) : []));
    expect(jobs.length).toBeGreaterThan(1);
    for (const job of jobs.filter(isObj)) {
      // A failing org's job must not cancel another org's apply half-way.
      if (isObj(job.strategy)) expect(job.strategy['fail-fast']).toBe(false);
      for (const step of (job.steps as Obj[]).filter(isOurs)) {
        expect(step.uses).toBe(published().uses);
        const given = isObj(step.with) ? Object.keys(step.with) : [];
        expect(given.filter((k) => !(k in ACTION.inputs))).toEqual([]);
        if ('concurrency' in job) {
          const applies = step.with && (step.with as Obj).mode === 'apply';
          const pushOnly = job.if === "github.event_name == 'push'";
          expect(applies || pushOnly, 'a concurrency group on a job that may plan').toBe(true);
        }
      }
    }
  });
});
