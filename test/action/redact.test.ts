import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { createRedactor } from '../../src/redact.ts';
import { mdText } from '../../src/render/escape.ts';
import { smallOrg } from '../simulator/fixture.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';

useCheckedSimulators();

describe('createRedactor', () => {
  const token = 'ghp_Abc_123_secret_value';

  it('removes a token, and its markdown-escaped form, wherever it stands', () => {
    const redact = createRedactor([token, undefined]);
    expect(redact(`Authorization: token ${token}; again ${token}`)).toBe(
      'Authorization: token ***; again ***',
    );
    expect(mdText(token)).not.toBe(token);
    expect(redact(`| ${mdText(token)} |`)).toBe('| *** |');
  });

  it('ignores short or missing values, which are not tokens', () => {
    const redact = createRedactor(['', 'abc', undefined]);
    expect(redact('abc def')).toBe('abc def');
  });
});

describe('the CLI', () => {
  it('never prints the token, even in a usage error or an API error', async () => {
    const token = 'ghp_cliSecretToken0123456789';
    let printed = '';
    const io = {
      stdout: (t: string) => (printed += t),
      stderr: (t: string) => (printed += t),
      env: {},
      isTTY: false,
    };
    const usage = await runCli(['plan', `--token=${token}`, `--bogus=${token}`], io);
    // An error body that echoes the token, as a misconfigured proxy might.
    const sim = await startCheckedSimulator(smallOrg(), {
      faults: [
        {
          method: 'GET',
          route: '/orgs/{org}/copilot/billing',
          nth: 1,
          status: 401,
          body: { message: `Bad credentials: ${token}`, documentation_url: 'https://docs.github.com' },
        },
      ],
    });
    const echoed = await runCli(['dump', '--org', 'acme', '--token', token, '--api-url', sim.url], io);
    expect([usage, echoed]).toEqual([1, 1]);
    expect(printed).toMatch(/401 Bad credentials: \*\*\*/);
    expect(printed).toMatch(/\*\*\*/);
    expect(printed).not.toContain(token);
  });
});
