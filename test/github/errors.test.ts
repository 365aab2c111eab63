// What an API error says to the reader: the hint fits the scope and the kind of 404.
import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { describeApiError } from '../../src/github/errors.ts';

function apiError(url: string, status: number, message: string): string {
  const request = { method: 'POST' as const, url, headers: {} };
  const response = { status, url, headers: {}, data: { message } };
  return describeApiError('add-users (x)', new RequestError(message, status, { request, response })).message;
}

const ENT = 'https://api.github.com/enterprises/acme-corp/copilot/billing/selected_users';
const ORG = 'https://api.github.com/orgs/acme/copilot/billing/selected_users';

describe('describeApiError', () => {
  it('a write refused for logins that are not members says so, not to check the slug', () => {
    const ent = apiError(ENT, 404, 'One or more users do not exist in this enterprise: new-hire');
    expect(ent).toMatch(/A login that is not a member of the enterprise .* cannot get a seat/);
    expect(ent).not.toMatch(/Check the enterprise slug/);
    const org = apiError(ORG, 404, 'One or more users do not exist in this organization: new-hire');
    expect(org).toMatch(/not a member of the organization/);
    expect(org).not.toMatch(/Check the organization name/);
  });

  it('any other 404 points at the enterprise slug, or the organization name', () => {
    expect(apiError(ENT, 404, 'Not Found')).toMatch(/Check the enterprise slug/);
    expect(apiError(ORG, 404, 'Not Found')).toMatch(/Check the organization name/);
  });
});
