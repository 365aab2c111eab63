// The CLI: the same core as the action, for admins at a terminal (and for the README's demo).
//   copilot-seats validate [FILE] [--json]
//   copilot-seats plan  [--config F] [--org O | --enterprise E] [--api-url U] [--token T] [--concurrency N] [--json] [--out PLAN.json]
//   copilot-seats apply [--config F] [--org O | --enterprise E] [--api-url U] [--token T] [--concurrency N] [--plan PLAN.json]
//                       [--dry-run] [--allow-mass-removal] [--allow-mass-addition] --yes
//   copilot-seats dump  (--org O | --enterprise E) [--api-url U] [--token T] [--concurrency N]
//   copilot-seats simulate --state FILE [--port N] [--latency-ms N] [--fault-rate R] [--seed S]
//   copilot-seats demo
// Exit codes follow Terraform's detailed exit code: 0 no changes, 2 changes, 1 error.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ReviewedPlan } from './apply/binding.ts';
import { checkFingerprint } from './plan/fingerprint.ts';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { countText, expiredEntries, requestLine } from './cli-report.ts';
import { formatConfigError } from './config/format.ts';
import { readSeatsFile } from './config/read.ts';
import { createClient, type GitHubClient } from './github/client.ts';
import { createRedactor } from './redact.ts';
import { addSecrets } from './secrets.ts';
import { readBilling, readSeats } from './github/live.ts';
import { runApply } from './modes/apply.ts';
import { computePlan } from './modes/plan.ts';
import { hasChanges } from './plan/summary.ts';
import { enterpriseScope, orgScope, overrideScope, scopeLabel } from './plan/scope.ts';
import type { DesiredState } from './plan/types.ts';
import { scopeApi } from './github/scope-api.ts';
import { dumpSeatsYaml } from './render/dump.ts';
import { applyReportToJson, planToJson } from './render/json.ts';
import { plural } from './render/format.ts';
import { renderPlanText } from './render/text.ts';
import { serveSimulator } from './simulator/serve.ts';
import { startSimulator } from './simulator/server.ts';
import { loadSimState } from './simulator/state.ts';
import { VERSION } from './version.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  /** Resolves when the process is asked to stop (simulate serves until then). */
  waitForStop?: () => Promise<void>;
}

const USAGE = `usage: copilot-seats <command> [options]

commands:
  validate [FILE]   check seats.yaml (default ./seats.yaml); --json for machine output
  plan              show what would change; exit 0 no changes, 2 changes, 1 error
  apply             make the changes (asks for --yes; --dry-run writes nothing)
  dump              write a seats.yaml from the live org (stdout)
  simulate          serve a simulated org on loopback (--state FILE)
  demo              plan and apply examples/seats.yaml against the built-in simulated org, then
                    examples/enterprise-seats.yaml against a simulated enterprise (no token, no network)
  help              show this text (also --help, -h)

options:
  --config FILE     seats file (default seats.yaml)
  --org ORG         organization (overrides the file's org)
  --enterprise ENT  enterprise slug (overrides the file's enterprise); dump: dump the enterprise's seats
  --api-url URL     GitHub API (default $GITHUB_API_URL or https://api.github.com)
  --token TOKEN     token (default $COPILOT_SEATS_TOKEN or $GITHUB_TOKEN)
  --concurrency N   reads in flight at once (default 8; the seat list up to 32, from its length and the
                    rate limit left; at most 50); writes always go one at a time
  --json            JSON output
  --now ISO         plan as of this time (default: now)
  --out FILE        plan: also write the plan as JSON to FILE (to review, then apply --plan FILE)
  --plan FILE       apply: write only what this saved plan holds; anything else the org needs now is
                    reported, not written (cancellations never; adds per policy.unreviewed_adds)
  --allow-mass-removal, --allow-mass-addition
                    apply: allow more cancellations (additions) than policy.max_removals (max_additions)
  --version         print the version of copilot-seats
`;

const OPTIONS = {
  config: { type: 'string' },
  org: { type: 'string' },
  enterprise: { type: 'string' },
  'api-url': { type: 'string' },
  token: { type: 'string' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  now: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'allow-mass-removal': { type: 'boolean' },
  'allow-mass-addition': { type: 'boolean' },
  out: { type: 'string' },
  plan: { type: 'string' },
  yes: { type: 'boolean' },
  state: { type: 'string' },
  port: { type: 'string' },
  'latency-ms': { type: 'string' },
  'fault-rate': { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

class UsageError extends Error {}

/** Every --token value (parseArgs keeps the last), read before parsing so that even a usage error cannot echo one. */
function tokenArgs(argv: string[]): string[] {
  return argv.flatMap((a, i) =>
    a === '--token' ? [argv[i + 1] ?? ''] : a.startsWith('--token=') ? [a.slice('--token='.length)] : [],
  );
}

/**
 * A token as it goes out: fetch drops the whitespace around a header value, so a token pasted with
 * its newline would be sent without it while a redactor looked for it with it, and matched nothing.
 */
function normalToken(raw: string | undefined): string | undefined {
  return raw?.trim() || undefined;
}

export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Whatever a command prints (an error body may echo a header) never shows a token.
  const tokens = [rawIo.env.COPILOT_SEATS_TOKEN, rawIo.env.GITHUB_TOKEN, ...tokenArgs(argv)].map(normalToken);
  addSecrets(...tokens);
  const redact = createRedactor(tokens);
  const io: CliIo = {
    ...rawIo,
    stdout: (t) => rawIo.stdout(redact(t)),
    stderr: (t) => rawIo.stderr(redact(t)),
  };
  try {
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (values.help || !command || command === 'help') {
      io.stdout(USAGE);
      return command || values.help ? 0 : 1;
    }
    switch (command) {
      case 'validate':
        return await validateCommand(rest[0] ?? values.config ?? 'seats.yaml', values, io);
      case 'plan':
        return await planCommand(values, io);
      case 'apply':
        return await applyCommand(values, io);
      case 'dump':
        return await dumpCommand(values, io);
      case 'simulate':
        return await simulateCommand(values, io);
      case 'demo':
        return await demoCommand(io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`copilot-seats: ${message}\n`);
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(USAGE);
    }
    return 1;
  }
}

async function validateCommand(file: string, values: Values, io: CliIo): Promise<number> {
  const { desired, errors } = await readSeatsFile(file);
  // Entries already expired are valid (exit 0), but the next apply acts on them: say so.
  const warnings = desired ? expiredEntries(desired, file, nowFrom(values)) : [];
  if (values.json) {
    io.stdout(JSON.stringify({ valid: errors.length === 0, errors, warnings }, null, 2) + '\n');
  } else if (desired) {
    io.stdout(
      `${file}: valid (${desired.scope.kind} ${desired.scope.name}: ${desired.users.length} users, ${desired.teams.length} teams, ` +
        `${desired.exempt.length} exemptions)\n`,
    );
    for (const w of warnings) io.stderr(`warning: ${formatConfigError(w)}\n`);
  } else {
    for (const e of errors) io.stderr(formatConfigError(e) + '\n');
  }
  return errors.length === 0 ? 0 : 1;
}

/** Loads the config; prints its errors and returns null when it is not valid. */
async function loadDesired(values: Values, io: CliIo): Promise<DesiredState | null> {
  const file = values.config ?? 'seats.yaml';
  const { desired, errors } = await readSeatsFile(file);
  for (const e of errors) io.stderr(formatConfigError(e) + '\n');
  if (!desired) return null;
  const scope = overrideScope(desired.scope, { org: values.org, enterprise: values.enterprise });
  if (typeof scope === 'string') throw new UsageError(`${file}: ${scope}`);
  return { ...desired, scope };
}

/** GitHub allows 100 concurrent requests and punishes bursts; the CLI stays well below. */
const MAX_CONCURRENCY = 50;

function concurrencyFrom(values: Values): number | undefined {
  const raw = values.concurrency;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency: a whole number from 1 to ${MAX_CONCURRENCY}, not ${raw}`);
  }
  return n;
}

const TOKEN_VARIABLES = ['COPILOT_SEATS_TOKEN', 'GITHUB_TOKEN'] as const;

/**
 * The token to send: --token, else the first of COPILOT_SEATS_TOKEN and GITHUB_TOKEN that is not
 * empty (an empty variable, as `export COPILOT_SEATS_TOKEN=` leaves it, never hides the next one).
 * `note` says which variable was used when that is not obvious.
 */
export function pickToken(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): { token: string; note?: string } {
  if (flag !== undefined) {
    const token = normalToken(flag);
    if (!token) throw new UsageError('--token is empty');
    return { token };
  }
  const set = TOKEN_VARIABLES.filter((name) => normalToken(env[name]) !== undefined);
  const empty = TOKEN_VARIABLES.filter((name) => env[name] !== undefined && !normalToken(env[name]));
  const emptyNote =
    empty.length > 0 ? `${empty.join(' and ')} ${empty.length === 1 ? 'is' : 'are'} set but empty` : '';
  const [used, other] = set;
  if (used === undefined) {
    throw new UsageError(
      `no token: pass --token or set COPILOT_SEATS_TOKEN or GITHUB_TOKEN${emptyNote ? ` (${emptyNote})` : ''}`,
    );
  }
  const token = normalToken(env[used]) as string;
  if (other !== undefined) return { token, note: `using ${used}; ${other} is set too, and not used` };
  if (emptyNote) return { token, note: `${emptyNote}: using ${used}` };
  return { token };
}

function clientFrom(values: Values, io: CliIo): GitHubClient {
  const { token, note } = pickToken(values.token, io.env);
  if (note) io.stderr(`copilot-seats: ${note}\n`);
  const baseUrl = values['api-url'] ?? io.env.GITHUB_API_URL ?? 'https://api.github.com';
  return createClient({
    token,
    baseUrl,
    concurrency: concurrencyFrom(values),
    log: { debug: () => {}, warn: (m) => io.stderr(`warning: ${m}\n`) },
  });
}

function nowFrom(values: Values): Date {
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not a date: ${values.now}`);
  return now;
}

async function planCommand(values: Values, io: CliIo): Promise<number> {
  const desired = await loadDesired(values, io);
  if (!desired) return 1;
  const { plan } = await computePlan(clientFrom(values, io), desired, nowFrom(values), {
    progress: (line) => io.stderr(`${line}\n`),
  });
  if (values.out) {
    await writeFile(values.out, JSON.stringify(planToJson(plan), null, 2) + '\n');
    io.stderr(`plan written to ${values.out}: apply it with apply --plan ${values.out}\n`);
  }
  if (values.json) io.stdout(JSON.stringify(planToJson(plan), null, 2) + '\n');
  else io.stdout(renderPlanText(plan, { color: io.isTTY }) + '\n');
  if (plan.errors.length > 0) return 1;
  return hasChanges(plan) ? 2 : 0;
}

async function applyCommand(values: Values, io: CliIo): Promise<number> {
  const desired = await loadDesired(values, io);
  if (!desired) return 1;
  const dryRun = Boolean(values['dry-run']) || !values.yes;
  const client = clientFrom(values, io);
  const reviewed = values.plan ? await readSavedPlan(values.plan) : undefined;
  const outcome = await runApply(client, desired, {
    progress: (line) => io.stderr(`${line}\n`),
    now: nowFrom(values),
    dryRun,
    allowMassRemoval: Boolean(values['allow-mass-removal']),
    allowMassAddition: Boolean(values['allow-mass-addition']),
    ...(reviewed ? { reviewed } : {}),
    overrideHint: {
      removal: 're-run with --allow-mass-removal',
      addition: 're-run with --allow-mass-addition',
    },
  });
  if (values.json) {
    io.stdout(
      JSON.stringify(
        { plan: planToJson(outcome.plan), applied: applyReportToJson(outcome.report) },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout(renderPlanText(outcome.plan, { color: io.isTTY }) + '\n');
  }
  if (outcome.refused) {
    io.stderr(`apply refused, nothing was changed: ${outcome.refused}\n`);
    return 1;
  }
  if (dryRun) {
    if (!values.json) {
      const writes = outcome.report.writes;
      io.stdout(
        writes.length === 0
          ? 'no writes to send\n'
          : `${plural(writes.length, 'write')} would be sent, in this order:\n` +
              writes.map((w) => `  ${requestLine(outcome.plan.scope, w)}\n`).join(''),
      );
    }
    io.stderr(
      values.yes ? 'dry run: nothing was changed\n' : 'nothing was changed: re-run with --yes to apply\n',
    );
    return 0;
  }
  for (const w of outcome.report.writes.filter((x) => !x.ok)) io.stderr(`failed: ${w.error}\n`);
  for (const m of outcome.report.mismatches) io.stderr(`mismatch: ${m.message}\n`);
  for (const h of outcome.report.held) io.stderr(`not written: ${h.subject ?? ''}: ${h.message}\n`);
  for (const h of outcome.report.skipped) io.stderr(`skipped: ${h.subject ?? ''}: ${h.message}\n`);
  for (const n of outcome.report.notes) io.stderr(`note: ${n.subject ?? ''}: ${n.message}\n`);
  if (outcome.report.verificationError !== undefined) {
    io.stderr(`the writes were made, but verification failed: ${outcome.report.verificationError}\n`);
  }
  const done = outcome.report.writes.filter((w) => w.ok).length;
  io.stderr(`${done} write(s) done, ${outcome.report.writes.length - done} failed\n`);
  return outcome.report.ok ? 0 : 1;
}

/** A plan saved by `plan --out`: only its fingerprint is used (the apply re-plans and binds to it). */
async function readSavedPlan(file: string): Promise<ReviewedPlan> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--plan ${file}: not a plan file (${error instanceof Error ? error.message : error})`,
    );
  }
  const fingerprint = checkFingerprint((raw as { fingerprint?: unknown } | null)?.fingerprint);
  if (fingerprint === null) {
    throw new UsageError(`--plan ${file}: no plan fingerprint in it; write one with plan --out ${file}`);
  }
  return { source: file, fingerprint };
}

async function dumpCommand(values: Values, io: CliIo): Promise<number> {
  if (!values.org === !values.enterprise) throw new UsageError('dump needs --org or --enterprise');
  const scope = values.enterprise ? enterpriseScope(values.enterprise) : orgScope(values.org as string);
  const api = scopeApi(scope);
  const client = clientFrom(values, io);
  const [billing, seats] = await Promise.all([readBilling(client, api), readSeats(client, api)]);
  const live = { scope, billing, seats, teams: {}, memberships: {} };
  io.stdout(dumpSeatsYaml(live, { now: nowFrom(values) }));
  return 0;
}

function numberOption(
  values: Values,
  name: 'port' | 'latency-ms' | 'fault-rate' | 'seed',
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`--${name}: not a number: ${raw}`);
  return n;
}

async function simulateCommand(values: Values, io: CliIo): Promise<number> {
  if (!values.state) throw new UsageError('simulate needs --state FILE');
  const handle = await serveSimulator(
    {
      stateFile: values.state,
      port: numberOption(values, 'port'),
      latencyMs: numberOption(values, 'latency-ms'),
      faultRate: numberOption(values, 'fault-rate'),
      seed: numberOption(values, 'seed'),
    },
    (line) => io.stdout(line + '\n'),
  );
  // The simulated org lives on its own clock: a plan against it needs the same date.
  const now = handle.state.now;
  io.stdout(`simulated date ${now}: plan and apply with --now ${now} to see the org as it is on that day\n`);
  await (io.waitForStop?.() ?? new Promise<void>(() => {}));
  await handle.close();
  return 0;
}

/** The README's first command: the whole job against the built-in simulated org, no token, no network. */
async function demoCommand(io: CliIo): Promise<number> {
  const org = await demoScope(io, 'simulated-org.json', 'seats.yaml');
  const enterprise = await demoScope(io, 'simulated-enterprise.json', 'enterprise-seats.yaml');
  return org === 0 && enterprise === 0 ? 0 : 1;
}

/** plan → apply (as a reviewer would, without the entries the plan refuses) → plan again, on one simulated scope. */
async function demoScope(io: CliIo, stateName: string, configName: string): Promise<number> {
  const examples = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
  const state = await loadSimState(examples(stateName));
  const sim = await startSimulator(state, {});
  try {
    const configFile = examples(configName);
    const values: Values = { config: configFile, 'api-url': sim.url, token: 'demo-token', now: state.now };
    const say = (text: string) => io.stdout(`\n${io.isTTY ? `\x1b[1m${text}\x1b[0m` : text}\n\n`);
    const desired = await loadDesired(values, io);
    if (!desired) return 1;
    const where = scopeLabel(desired.scope);
    say(
      `1. plan: ${configFile} against the simulated ${desired.scope.kind === 'org' ? 'org ' : ''}${where} (${sim.url})`,
    );
    await planCommand(values, io);

    const client = clientFrom(values, io);
    const { plan } = await computePlan(client, desired, nowFrom(values));
    const refused = new Set(plan.errors.map((e) => e.subject?.toLowerCase()));
    const reviewed: DesiredState = {
      ...desired,
      users: desired.users.filter((u) => !refused.has(u.key)),
      teams: desired.teams.filter((t) => !refused.has(t.key)),
    };
    say(
      refused.size > 0
        ? `2. apply: the plan has errors, which block an apply; dropping ${[...refused].join(', ')} as a reviewer would`
        : '2. apply',
    );
    const outcome = await runApply(client, reviewed, {
      now: nowFrom(values),
      dryRun: false,
      allowMassRemoval: false,
    });
    if (outcome.refused) io.stderr(`apply refused: ${outcome.refused}\n`);
    for (const w of outcome.report.writes) {
      const counted = countText(w, outcome.plan);
      io.stdout(
        `${w.ok ? 'ok    ' : 'FAILED'} ${w.kind} ${w.names.join(', ')}${counted ? `: ${counted}` : ''}\n`,
      );
    }

    say(`3. plan again: the live seats of ${where} now match the reviewed file`);
    const { plan: after } = await computePlan(client, reviewed, nowFrom(values));
    io.stdout(renderPlanText(after, { color: io.isTTY }) + '\n');
    io.stdout(`\n${sim.requests.length} requests served by the simulator; no token, no network.\n`);
    return outcome.report.ok && !hasChanges(after) ? 0 : 1;
  } finally {
    await sim.close();
  }
}
