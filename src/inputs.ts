// Typed, validated action inputs. Pure: the getter is passed in (core.getInput in the action).
export type Mode = 'auto' | 'plan' | 'apply' | 'drift' | 'expire' | 'reclaim' | 'request';
/** What a scheduled run does in `auto` mode. */
export type ScheduleMode = 'drift' | 'expire' | 'apply' | 'reclaim';

export interface ActionInputs {
  token: string;
  githubToken: string;
  config: string;
  org?: string;
  enterprise?: string;
  mode: Mode;
  scheduleMode: ScheduleMode;
  dryRun: boolean;
  allowMassRemoval: boolean;
  allowMassAddition: boolean;
  requireReviewedPlan: boolean;
  comment: boolean;
  driftIssue: boolean;
  failOnDrift: boolean;
  apiUrl: string;
}

export class InputError extends Error {}

const MODES: readonly Mode[] = ['auto', 'plan', 'apply', 'drift', 'expire', 'reclaim', 'request'];
const SCHEDULE_MODES: readonly ScheduleMode[] = ['drift', 'expire', 'apply', 'reclaim'];

/** Booleans as the runner's YAML 1.2 core schema spells them; anything else is a mistake, not false. */
function bool(name: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim();
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`input '${name}' must be true or false, not '${value}'`);
}

/** `fallbackApiUrl`: the runner's GITHUB_API_URL, for an `api-url` input left empty. */
export function readInputs(get: (name: string) => string, fallbackApiUrl?: string): ActionInputs {
  const token = get('token').trim();
  if (!token) {
    throw new InputError(
      "input 'token' is required: a classic PAT with manage_billing:copilot and read:org, or a GitHub App token",
    );
  }
  const mode = (get('mode').trim() || 'auto') as Mode;
  if (!MODES.includes(mode))
    throw new InputError(`input 'mode' must be one of ${MODES.join(', ')}, not '${mode}'`);
  const scheduleMode = (get('schedule-mode').trim() || 'drift') as ScheduleMode;
  if (!SCHEDULE_MODES.includes(scheduleMode)) {
    throw new InputError(
      `input 'schedule-mode' must be one of ${SCHEDULE_MODES.join(', ')}, not '${scheduleMode}'`,
    );
  }
  const org = get('org').trim();
  const enterprise = get('enterprise').trim();
  if (org && enterprise) throw new InputError("give input 'org' or input 'enterprise', not both");
  return {
    token,
    githubToken: get('github-token').trim() || token,
    config: get('config').trim() || 'seats.yaml',
    ...(org ? { org } : {}),
    ...(enterprise ? { enterprise } : {}),
    mode,
    scheduleMode,
    dryRun: bool('dry-run', get('dry-run'), false),
    allowMassRemoval: bool('allow-mass-removal', get('allow-mass-removal'), false),
    allowMassAddition: bool('allow-mass-addition', get('allow-mass-addition'), false),
    requireReviewedPlan: bool('require-reviewed-plan', get('require-reviewed-plan'), false),
    comment: bool('comment', get('comment'), true),
    driftIssue: bool('drift-issue', get('drift-issue'), true),
    failOnDrift: bool('fail-on-drift', get('fail-on-drift'), false),
    apiUrl: get('api-url').trim() || fallbackApiUrl || 'https://api.github.com',
  };
}
