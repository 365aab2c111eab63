import { describe, expect, it } from 'vitest';
import { InputError, readInputs } from '../../src/inputs.ts';
import { readRunnerContext, resolveMode, type RunnerContext } from '../../src/runner.ts';

const ctx = (over: Partial<RunnerContext>): RunnerContext => ({
  eventName: 'push',
  ref: 'refs/heads/main',
  sha: 'abc',
  defaultBranch: 'main',
  ...over,
});

describe('resolveMode', () => {
  it.each([
    ['auto', { eventName: 'pull_request' }, 'plan'],
    ['auto', { eventName: 'pull_request_target' }, 'plan'],
    ['auto', { eventName: 'push' }, 'apply'],
    ['auto', { eventName: 'push', ref: 'refs/heads/feature' }, 'plan'],
    ['auto', { eventName: 'schedule' }, 'drift'],
    ['auto', { eventName: 'workflow_dispatch' }, 'drift'],
    ['plan', { eventName: 'schedule' }, 'plan'],
    ['drift', { eventName: 'pull_request' }, 'drift'],
    ['apply', { eventName: 'workflow_dispatch' }, 'apply'],
  ] as const)('mode %s on %o → %s', (requested, over, expected) => {
    expect(resolveMode(requested, ctx(over))).toMatchObject({ mode: expected });
  });

  it('never applies on a pull request event, whatever mode says', () => {
    const r = resolveMode('apply', ctx({ eventName: 'pull_request', ref: 'refs/heads/main' }));
    expect(r).toEqual({ refuse: expect.stringContaining('never runs on a pull_request event') });
  });

  it('never applies off the default branch', () => {
    const r = resolveMode('apply', ctx({ eventName: 'workflow_dispatch', ref: 'refs/heads/feature' }));
    expect(r).toEqual({ refuse: expect.stringContaining('only runs on the default branch (main)') });
  });

  it.each([
    ['drift', 'drift'],
    ['expire', 'expire'],
    ['apply', 'apply'],
    ['reclaim', 'reclaim'],
  ] as const)('a schedule event with schedule-mode %s → %s', (scheduleMode, expected) => {
    expect(resolveMode('auto', ctx({ eventName: 'schedule' }), scheduleMode)).toMatchObject({
      mode: expected,
    });
  });

  it('a scheduled write needs no default branch in the payload: schedules run on it', () => {
    const scheduled = ctx({ eventName: 'schedule', defaultBranch: undefined, ref: 'refs/heads/main' });
    expect(resolveMode('auto', scheduled, 'expire')).toMatchObject({ mode: 'expire' });
    expect(resolveMode('expire', ctx({ eventName: 'pull_request' }))).toEqual({
      refuse: expect.stringContaining('expire never runs on a pull_request event'),
    });
    expect(resolveMode('expire', ctx({ eventName: 'workflow_dispatch', ref: 'refs/heads/x' }))).toEqual({
      refuse: expect.stringContaining('only runs on the default branch'),
    });
  });

  it('reclaim pushes a branch made from the default branch: never on a pull request, never off it', () => {
    expect(resolveMode('reclaim', ctx({ eventName: 'schedule', defaultBranch: undefined }))).toMatchObject({
      mode: 'reclaim',
    });
    expect(resolveMode('reclaim', ctx({ eventName: 'pull_request' }))).toEqual({
      refuse: expect.stringContaining('reclaim never runs on a pull_request event'),
    });
    expect(resolveMode('reclaim', ctx({ eventName: 'workflow_dispatch', ref: 'refs/heads/x' }))).toEqual({
      refuse: expect.stringContaining('reclaim only runs on the default branch'),
    });
  });

  it('reads mode: reclaim and schedule-mode: reclaim', () => {
    const inputs = readInputs((n) => ({ token: 't', mode: 'reclaim', 'schedule-mode': 'reclaim' })[n] ?? '');
    expect(inputs).toMatchObject({ mode: 'reclaim', scheduleMode: 'reclaim' });
  });

  it('refuses an apply when the default branch is unknown', () => {
    const r = resolveMode('apply', ctx({ defaultBranch: undefined }));
    expect('refuse' in r).toBe(true);
  });
});

describe('resolveMode: seat requests', () => {
  it('auto on an issues event is request; mode request runs on any event but a pull request', () => {
    expect(resolveMode('auto', ctx({ eventName: 'issues' }))).toEqual({
      mode: 'request',
      why: 'issues event',
    });
    expect(resolveMode('request', ctx({ eventName: 'workflow_dispatch' }))).toMatchObject({
      mode: 'request',
    });
    for (const eventName of ['pull_request', 'pull_request_target']) {
      expect(resolveMode('request', ctx({ eventName }))).toEqual({
        refuse: `request never runs on a ${eventName} event; use mode plan`,
      });
    }
  });

  it('reads the issue and its author from the event, never from the text', () => {
    const c = readRunnerContext(
      { GITHUB_EVENT_NAME: 'issues', GITHUB_REPOSITORY: 'acme/seats' },
      {
        action: 'edited',
        issue: {
          number: 12,
          user: { login: 'mona' },
          labels: [{ name: 'copilot-seat-request' }, { name: 7 }],
          body: '### GitHub login\n\nceo',
          state: 'open',
          html_url: 'https://github.com/acme/seats/issues/12',
        },
        sender: { login: 'octocat' },
        repository: { default_branch: 'main' },
      },
    );
    expect(c.issue).toEqual({
      number: 12,
      action: 'edited',
      author: 'mona',
      sender: 'octocat',
      labels: ['copilot-seat-request'],
      body: '### GitHub login\n\nceo',
      state: 'open',
      url: 'https://github.com/acme/seats/issues/12',
    });
    // Another event's `issue` (a comment on a pull request) is no request.
    expect(
      readRunnerContext(
        { GITHUB_EVENT_NAME: 'issue_comment' },
        { issue: { number: 1, user: { login: 'x' } } },
      ).issue,
    ).toBeUndefined();
  });

  it('accepts the request mode input', () => {
    expect(readInputs((n) => (n === 'token' ? 't' : n === 'mode' ? 'request' : '')).mode).toBe('request');
  });
});

describe('readRunnerContext', () => {
  it('reads the repository, ref, PR number and default branch', () => {
    const c = readRunnerContext(
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REPOSITORY: 'acme/admin',
        GITHUB_REF: 'refs/pull/7/merge',
        GITHUB_SHA: 'deadbeef',
        GITHUB_RUN_ID: '42',
      },
      {
        pull_request: {
          number: 7,
          labels: [{ name: 'copilot-seats:allow-mass-removal' }, { id: 3 }],
          base: { sha: 'b0' },
        },
        repository: { default_branch: 'trunk' },
      },
    );
    expect(c).toEqual({
      eventName: 'pull_request',
      repo: { owner: 'acme', repo: 'admin' },
      ref: 'refs/pull/7/merge',
      sha: 'deadbeef',
      defaultBranch: 'trunk',
      prNumber: 7,
      prLabels: ['copilot-seats:allow-mass-removal'],
      baseSha: 'b0',
      runUrl: 'https://github.com/acme/admin/actions/runs/42',
    });
  });

  it('copes with a missing payload', () => {
    expect(readRunnerContext({}, null)).toEqual({ eventName: '', ref: '', sha: '' });
  });
});

describe('readInputs', () => {
  const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';

  it('applies the defaults', () => {
    expect(readInputs(get({ token: 't' }))).toEqual({
      token: 't',
      githubToken: 't',
      config: 'seats.yaml',
      mode: 'auto',
      scheduleMode: 'drift',
      dryRun: false,
      allowMassRemoval: false,
      allowMassAddition: false,
      requireReviewedPlan: false,
      comment: true,
      driftIssue: true,
      failOnDrift: false,
      apiUrl: 'https://api.github.com',
    });
  });

  it('reads every input', () => {
    const inputs = readInputs(
      get({
        token: 't',
        'github-token': 'g',
        config: 'x.yaml',
        org: 'acme',
        mode: 'drift',
        'dry-run': 'true',
        'allow-mass-removal': 'True',
        'allow-mass-addition': 'true',
        'require-reviewed-plan': 'TRUE',
        comment: 'false',
        'drift-issue': 'FALSE',
        'fail-on-drift': 'true',
        'api-url': 'http://127.0.0.1:1',
      }),
    );
    expect(inputs).toMatchObject({ githubToken: 'g', org: 'acme', mode: 'drift', dryRun: true });
    expect(inputs).toMatchObject({
      allowMassRemoval: true,
      allowMassAddition: true,
      requireReviewedPlan: true,
      comment: false,
      driftIssue: false,
      failOnDrift: true,
    });
  });

  it('falls back to the runner API URL when api-url is empty', () => {
    expect(readInputs(get({ token: 't' }), 'https://ghe.example/api/v3').apiUrl).toBe(
      'https://ghe.example/api/v3',
    );
  });

  it.each([
    [{}, "input 'token' is required"],
    [{ token: 't', mode: 'destroy' }, "input 'mode' must be one of auto, plan, apply, drift"],
    [{ token: 't', 'dry-run': 'yes' }, "input 'dry-run' must be true or false, not 'yes'"],
  ])('rejects %o', (values, message) => {
    expect(() => readInputs(get(values))).toThrow(InputError);
    expect(() => readInputs(get(values))).toThrow(message);
  });
});
