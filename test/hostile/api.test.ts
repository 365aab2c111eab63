// A hostile or broken API: truncated JSON, wrong content types, a proxy's HTML error page, an
// unknown org, 401 and 403 with and without scope headers, rate limits that do not clear. Each
// must end the run with a message that says what to do, and nothing may be written.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { runApply } from '../../src/modes/apply.ts';
import { computePlan } from '../../src/modes/plan.ts';
import type { DesiredState } from '../../src/plan/types.ts';
import type { ScriptedFault } from '../../src/simulator/faults.ts';
import { fastClient } from '../support/client.ts';
import { SEATS_YAML, TWELVE_NOW, twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators, type CheckedOptions } from '../support/simulator.ts';

useCheckedSimulators();

const NOW = new Date(TWELVE_NOW);
const BILLING = '/orgs/{org}/copilot/billing';
const SEATS = '/orgs/{org}/copilot/billing/seats';
const USERS = '/orgs/{org}/copilot/billing/selected_users';
const TEAMS = '/orgs/{org}/copilot/billing/selected_teams';
const ALWAYS = [1, 2, 3, 4, 5, 6, 7, 8];

function desired(yaml = SEATS_YAML): DesiredState {
  const { desired: d, errors } = parseSeats(yaml, 'seats.yaml');
  if (!d) throw new Error(errors.map((e) => e.message).join('\n'));
  return d;
}

const get = (route: string, over: Partial<ScriptedFault>): ScriptedFault => ({
  method: 'GET',
  route,
  nth: ALWAYS,
  ...over,
});

const PROXY_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Plan and apply both fail with the message, and neither writes anything. */
async function expectRefusal(options: CheckedOptions, message: RegExp, yaml?: string): Promise<string> {
  const sim = await startCheckedSimulator(twelveMemberOrg(), options);
  const before = structuredClone(sim.state.seats);
  const client = fastClient(sim.url);
  await expect(computePlan(client, desired(yaml), NOW)).rejects.toThrow(message);
  const error = await runApply(client, desired(yaml), {
    now: NOW,
    dryRun: false,
    allowMassRemoval: true,
  }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toMatch(message);
  expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(sim.state.seats).toEqual(before);
  return error?.message ?? '';
}

describe('broken answers are refused, never read as an empty org', () => {
  it('truncated JSON on the seat list (200): not zero seats, an error that says so', async () => {
    await expectRefusal(
      {
        faults: [get(SEATS, { status: 200, rawBody: '{"total_seats": 3, "seats": [{"created_at": "2024-' })],
      },
      /Reading page 1 of the Copilot seats of acme failed: the answer is not the JSON GitHub sends \(truncated.*Run again/,
    );
  });

  it('truncated JSON on the billing call', async () => {
    await expectRefusal(
      { faults: [get(BILLING, { status: 200, rawBody: '{"seat_breakdown": {"total": 1' })] },
      /Reading the Copilot billing of acme failed: the answer is not the JSON/,
    );
  });

  it('valid JSON under a wrong content type (text/plain) is not trusted', async () => {
    await expectRefusal(
      {
        faults: [
          get(SEATS, { status: 200, rawBody: '{"total_seats": 0, "seats": []}', contentType: 'text/plain' }),
        ],
      },
      /Reading page 1 of the Copilot seats of acme failed: the answer is not the JSON GitHub sends/,
    );
  });

  it('an HTML page with 200 (a captive portal, a proxy) on a membership check', async () => {
    await expectRefusal(
      {
        faults: [
          get('/orgs/{org}/memberships/{username}', {
            status: 200,
            rawBody: '<!doctype html><title>Sign in</title><p>Proxy login</p>',
            contentType: 'text/html',
          }),
        ],
      },
      /Checking that \w+ is a member of acme failed: the answer is not the JSON GitHub sends .*Sign in/,
    );
  });

  it("a proxy's HTML 502 page, on every retry: its title, and what to do", async () => {
    const message = await expectRefusal(
      { faults: [get(BILLING, { status: 502, rawBody: PROXY_502, contentType: 'text/html' })] },
      /Reading the Copilot billing of acme failed: 502 Bad Gateway \(an HTML page, not GitHub's JSON: a proxy or gateway answered\)\. GitHub \(or a proxy in front of it\) failed, also on retries; run again later\./,
    );
    expect(message).not.toMatch(/<|center|502 502/);
  });
});

describe('auth and access', () => {
  it('404 for the org: check the name and that the token can see it', async () => {
    await expectRefusal(
      {},
      /Reading the Copilot billing of ghost-org failed: 404 Not Found\. Check the organization name, and that the token can see it/,
      SEATS_YAML.replace('org: acme', 'org: ghost-org'),
    );
  });

  it('401: the token is missing, expired or revoked', async () => {
    await expectRefusal(
      { tokens: ['another-token'] },
      /failed: 401 Bad credentials\. The token is missing, expired or revoked: check the secret given as `token`\./,
    );
  });

  it('403 with scope headers: names the missing scope and the scopes the token has', async () => {
    await expectRefusal(
      {
        faults: [
          get(BILLING, {
            status: 403,
            body: {
              message: 'Resource not accessible by personal access token',
              documentation_url: 'https://docs.github.com',
            },
            headers: {
              'x-accepted-oauth-scopes': 'manage_billing:copilot, read:org',
              'x-oauth-scopes': 'repo, gist',
            },
          }),
        ],
      },
      /failed: 403 Resource not accessible by personal access token\. The token lacks the scope manage_billing:copilot or read:org \(it has: repo, gist\)\./,
    );
  });

  it('403 when the token has an accepted scope (admin:org implies read:org): the account lacks the role', async () => {
    const message = await expectRefusal(
      {
        faults: [
          get(BILLING, {
            status: 403,
            body: { message: 'Must be an organization owner', documentation_url: 'https://docs.github.com' },
            headers: {
              'x-accepted-oauth-scopes': 'manage_billing:copilot, read:org',
              'x-oauth-scopes': 'admin:org',
            },
          }),
        ],
      },
      /403 Must be an organization owner\. The token has a scope this call accepts \(admin:org\).*organization owners/,
    );
    expect(message).not.toMatch(/lacks the scope/);
  });

  it('403 without scope headers (GitHub App, fine-grained token): the permissions to grant', async () => {
    await expectRefusal(
      {
        faults: [
          get(BILLING, {
            status: 403,
            body: {
              message: 'Resource not accessible by integration',
              documentation_url: 'https://docs.github.com',
            },
          }),
        ],
      },
      /403 Resource not accessible by integration\. The token needs manage_billing:copilot and read:org \(classic PAT\), or Copilot Business write and Members read \(GitHub App\)\./,
    );
  });

  it('403 from SAML single sign-on: authorize the token', async () => {
    await expectRefusal(
      {
        faults: [
          get(BILLING, {
            status: 403,
            body: {
              message: 'Resource protected by organization SAML enforcement.',
              documentation_url: 'https://docs.github.com',
            },
            headers: {
              'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=x',
            },
          }),
        ],
      },
      /SAML enforcement\. The organization uses SAML single sign-on: authorize the token/,
    );
  });

  it('a secondary rate limit that outlasts the retries is called a rate limit, not a missing scope', async () => {
    const message = await expectRefusal(
      { faults: [get(BILLING, { status: 403 })] },
      /403 You have exceeded a secondary rate limit.*GitHub rate-limited these requests .*wait a few minutes and run again/,
    );
    expect(message).not.toMatch(/scope|token needs/);
  });

  it('a spent primary rate limit says when it resets', async () => {
    await expectRefusal(
      { rateLimit: 1 },
      /403 API rate limit exceeded.*The token's API rate limit is used up; it resets at \d{4}-\d\d-\d\dT/,
    );
  });

  it('403 on every write (the token can read but not write): the first failure names the scope and stops the apply', async () => {
    const write = (method: string, route: string): ScriptedFault => ({
      method,
      route,
      nth: ALWAYS,
      status: 403,
      body: { message: 'Must have admin rights', documentation_url: 'https://docs.github.com' },
      headers: { 'x-accepted-oauth-scopes': 'manage_billing:copilot', 'x-oauth-scopes': 'read:org' },
    });
    const sim = await startCheckedSimulator(twelveMemberOrg(), {
      faults: [write('POST', USERS), write('DELETE', USERS), write('POST', TEAMS), write('DELETE', TEAMS)],
    });
    const before = structuredClone(sim.state.seats);
    const out = await runApply(fastClient(sim.url), desired(), {
      now: NOW,
      dryRun: false,
      allowMassRemoval: true,
    });
    expect(out.report.ok).toBe(false);
    expect(out.report.writes.map((w) => [w.kind, w.status])).toEqual([['add-teams', 403]]);
    expect(out.report.writes[0]?.error).toMatch(
      /failed: 403 Must have admin rights\. The token lacks the scope manage_billing:copilot \(it has: read:org\)\./,
    );
    // A 403 is about the token, not the names: not split, and no other write is tried.
    expect(sim.requests.filter((r) => r.method !== 'GET')).toHaveLength(1);
    expect(out.report.held.map((h) => h.code)).toEqual(['apply-stopped', 'apply-stopped', 'apply-stopped']);
    expect(sim.state.seats).toEqual(before);
  });
});

describe('paging that would not end and waits that would hold the run (issue 11, items 7 and 8)', () => {
  it('a seat list whose page links back to itself: refused, not read forever', async () => {
    await expectRefusal(
      {
        rewrites: [
          {
            method: 'GET',
            route: SEATS,
            link: '</orgs/acme/copilot/billing/seats?page=1&per_page=100>; rel="next"',
          },
        ],
      },
      /^Reading the Copilot seats of acme failed: the seat list's paging loops: page 1 links back to page 1\. Nothing was taken from the list/,
    );
  });

  it('team members whose pages link to each other: refused after two pages', async () => {
    const path = '/orgs/acme/teams/ml/members';
    await expectRefusal(
      {
        rewrites: [
          {
            method: 'GET',
            route: '/orgs/{org}/teams/{team_slug}/members',
            link: (query) => `<${path}?per_page=100&page=${query.page === '2' ? 1 : 2}>; rel="next"`,
          },
        ],
      },
      /^Reading team ml of acme failed: the paging loops: page 2 links back to page 1\./,
    );
  });

  it('a 429 that asks for 5 minutes: not waited for, refused with the time to try again', async () => {
    await expectRefusal(
      { faults: [get(BILLING, { status: 429, headers: { 'retry-after': '300' } })] },
      /^Reading the Copilot billing of acme failed: 429 .*GitHub asks to wait 300 s \(Retry-After\) — more than the 60 s this run waits: try again after \d\d:\d\d UTC\.$/,
    );
  });
});

describe('a file that asks for more lookups than the rate limit has left (issue 11, item 9)', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
  const yaml = (logins: string[], teams: string[] = []) =>
    `version: 1\norg: acme\nusers: [${logins.join(', ')}]\nteams: [${teams.join(', ')}]\n`;
  const org = () => twelveMemberOrg({ members: many(60).map((login) => ({ login })) });

  it('is refused before the first lookup, with the count and the budget', async () => {
    const sim = await startCheckedSimulator(org(), { rateLimit: 40 });
    const client = fastClient(sim.url);
    await expect(computePlan(client, desired(yaml(many(60), ['eng', 'ml'])), NOW)).rejects.toThrow(
      /^Reading the live state of acme refused: the file asks for 60 membership check\(s\) and 2 team lookup\(s\), at least 64 requests, but the token's API rate limit has 38 left \(it resets at \d{4}-\d\d-\d\dT[\d:.]+Z\): nothing was looked up\./,
    );
    expect(sim.requests.map((r) => r.route)).toEqual([
      '/orgs/{org}/copilot/billing',
      '/orgs/{org}/copilot/billing/seats',
    ]);
  });

  it('runs when the lookups fit in what is left', async () => {
    const sim = await startCheckedSimulator(org(), { rateLimit: 70 });
    const { plan } = await computePlan(fastClient(sim.url), desired(yaml(many(60), ['eng', 'ml'])), NOW);
    expect(plan.add.users).toHaveLength(60);
    expect(sim.requests.filter((r) => r.route === '/orgs/{org}/memberships/{username}')).toHaveLength(60);
  });
});
