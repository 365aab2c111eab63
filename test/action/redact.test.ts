import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { createRedactor, CUT_MARK, cutText } from '../../src/redact.ts';
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

  it('removes the prefix of a token that a cut left at the end of a text, from 8 characters on', () => {
    const redact = createRedactor([token]);
    expect(redact(`said: ${token.slice(0, 12)}${CUT_MARK} (an HTML page)`)).toBe(
      `said: ***${CUT_MARK} (an HTML page)`,
    );
    expect(redact(`said: ${token.slice(0, 9)}`)).toBe('said: ***');
    expect(redact(`${mdText(token).slice(0, 10)}\n\n${CUT_MARK} (cut to fit)`)).toBe(
      `***\n\n${CUT_MARK} (cut to fit)`,
    );
    // Shorter, or not at a cut: ordinary text.
    expect(redact(`${token.slice(0, 7)}${CUT_MARK}`)).toBe(`${token.slice(0, 7)}${CUT_MARK}`);
    expect(redact(`${token.slice(0, 12)} and more`)).toBe(`${token.slice(0, 12)} and more`);
  });

  it('cutText redacts before it cuts: a token across the cut leaves nothing of itself', () => {
    const redact = createRedactor([token]);
    const text = `${'x'.repeat(20)} ${token} tail`;
    for (let max = 18; max < text.length; max++) {
      const cut = cutText(text, max, redact);
      expect(cut).not.toContain(token.slice(0, 8));
      expect(cut.length).toBeLessThanOrEqual(max + 1);
    }
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

  it.each([
    ['COPILOT_SEATS_TOKEN', '\n'],
    ['COPILOT_SEATS_TOKEN', '\r\n'],
    ['GITHUB_TOKEN', ' '],
    ['--token', '\t'],
  ])('a token given in %s with %j after it is redacted as it is sent (trimmed)', async (where, ws) => {
    const token = 'ghp_pastedWithNewline0123456789';
    let printed = '';
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
    const args = ['dump', '--org', 'acme', '--api-url', sim.url];
    const code = await runCli(where === '--token' ? [...args, '--token', token + ws] : args, {
      stdout: (t) => (printed += t),
      stderr: (t) => (printed += t),
      env: where === '--token' ? {} : { [where]: token + ws },
      isTTY: false,
    });
    expect(code).toBe(1);
    expect(sim.requests[0]?.status).toBe(401);
    expect(printed).toMatch(/401 Bad credentials: \*\*\*/);
    expect(printed).not.toContain(token.slice(0, 8));
  });

  it('an HTML error page cut through the token (200 characters of its text): no half token', async () => {
    const token = 'ghp_cutThroughTheMiddle0123456789';
    let printed = '';
    const text = `${'x'.repeat(180)} token ${token} and the rest of the page`;
    const sim = await startCheckedSimulator(smallOrg(), {
      faults: [
        {
          method: 'GET',
          route: '/orgs/{org}/copilot/billing',
          nth: 1,
          status: 401,
          rawBody: `<html><body><p>${text}</p></body></html>`,
          contentType: 'text/html',
        },
      ],
    });
    const io = { stdout: (t: string) => (printed += t), stderr: (t: string) => (printed += t) };
    const code = await runCli(['dump', '--org', 'acme', '--api-url', sim.url], {
      ...io,
      env: { COPILOT_SEATS_TOKEN: token },
      isTTY: false,
    });
    expect(code).toBe(1);
    expect(printed).toMatch(/401 x+ token \*\*\* and the r… \(an HTML page/);
    expect(printed).not.toContain(token.slice(0, 8));
  });
});
