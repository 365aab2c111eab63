// Tokens never leave, whole or in part: random tokens echoed at random places of an error body,
// cut at random lengths. Nothing of 8 characters or more of any token may appear in any output:
//   - pure: the redactor and the cut (src/redact.ts), including a cut made before redaction;
//   - the CLI over HTTP: an error body (HTML, text, GitHub's JSON, a 200 that is not JSON) that
//     echoes the token, given with the whitespace a paste leaves (--token or the environment);
//   - the action as the runner runs it (dist/index.js): stdout, stderr, outputs and the summary.
// Tokens are drawn from capitals and digits after a lower-case prefix, the text around them from
// lower case and punctuation, so that any 8 characters of a token in an output are a leak.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { createRedactor, CUT_MARK, cutText } from '../../src/redact.ts';
import { mdText } from '../../src/render/escape.ts';
import { runAction } from '../support/action.ts';
import { SEATS_YAML, twelveMemberOrg } from '../support/orgs.ts';
import { startCheckedSimulator, useCheckedSimulators } from '../support/simulator.ts';
import { propertyRuns, propertySeed } from './support.ts';

useCheckedSimulators();

const WINDOW = 8;
const BODY_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const TEXT_CHARS = [...'abcdefghijklmnopqrstuvwxyz     .,;:=/<>"\'-()!?&'];

const tokenArb = fc
  .tuple(
    fc.constantFrom('ghp_', 'ghs_', 'gho_', 'github_pat_', 'v1.'),
    fc.string({ unit: fc.constantFrom(...BODY_CHARS), minLength: 12, maxLength: 60 }),
  )
  .map(([prefix, body]) => prefix + body);
const textArb = (maxLength: number) => fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength });
/** What a paste leaves around a token. */
const wsArb = fc.constantFrom('', '\n', '\r\n', ' ', '\t', '  \n');

/** Every run of 8 characters of a token found in `output`. */
function leaks(output: string, tokens: readonly string[]): string[] {
  return tokens.flatMap((t) =>
    Array.from({ length: t.length - WINDOW + 1 }, (_, i) => t.slice(i, i + WINDOW)).filter((w) =>
      output.includes(w),
    ),
  );
}

const opts = (runs: number) => ({ numRuns: propertyRuns(runs), seed: propertySeed(), endOnFailure: false });
const counts = { pure: 0, cli: 0, action: 0 };
afterAll(() =>
  console.log(
    `[property] redaction: ${counts.pure} pure cases, ${counts.cli} CLI runs over HTTP, ${counts.action} action runs`,
  ),
);

describe('the redactor and the cut (pure)', () => {
  const textWithTokens = fc
    .tuple(fc.uniqueArray(tokenArb, { minLength: 1, maxLength: 3 }), fc.array(textArb(120), { maxLength: 6 }))
    .chain(([tokens, texts]) =>
      fc
        .array(fc.nat(tokens.length - 1), { minLength: texts.length + 1, maxLength: texts.length + 1 })
        .map((which) => ({
          tokens,
          text:
            which.map((k, i) => `${texts[i - 1] ?? ''}${tokens[k] ?? ''}`).join('') + (texts.at(-1) ?? ''),
        })),
    );

  it('cutText: nothing of 8 characters of a token, wherever it stood and wherever the cut falls', () => {
    fc.assert(
      fc.property(textWithTokens, fc.nat(400), ({ tokens, text }, max) => {
        counts.pure++;
        const redact = createRedactor(tokens);
        const out = cutText(text, max, redact);
        expect(leaks(out, tokens), out).toEqual([]);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, text.length) + CUT_MARK.length);
        // The same text as markdown, then scrubbed, as the action writes a comment.
        expect(leaks(redact(mdText(out)), tokens)).toEqual([]);
      }),
      opts(2000),
    );
  });

  it('a cut made before redaction (a renderer cutting to fit) loses the token prefix at its end', () => {
    const note = fc.constantFrom(CUT_MARK, `\n\n${CUT_MARK} (cut to fit the comment limit)\n`, '');
    fc.assert(
      fc.property(textWithTokens, fc.nat(400), note, fc.boolean(), ({ tokens, text }, max, mark, md) => {
        counts.pure++;
        const cut = text.slice(0, max) + mark;
        const out = createRedactor(tokens)(md ? mdText(cut) : cut);
        expect(leaks(out, tokens), out).toEqual([]);
      }),
      opts(2000),
    );
  });
});

/** Text of exactly `length` characters. */
const textOf = (length: number) =>
  fc.string({ unit: fc.constantFrom(...TEXT_CHARS), minLength: length, maxLength: length });

/**
 * Where the token starts: anywhere, or often just before one of the cuts of the error messages
 * (80 characters of a body that is not JSON, 200 of a page's text, 500 of GitHub's message).
 */
const beforeArb = fc
  .oneof(
    fc.nat(600),
    fc.integer({ min: 20, max: 80 }),
    fc.integer({ min: 140, max: 200 }),
    fc.integer({ min: 440, max: 500 }),
  )
  .chain(textOf);

/** An error body that echoes `token` at a random place, and how the simulator serves it. */
const echoArb = fc.record({
  kind: fc.constantFrom('html', 'text', 'json', 'not-json-200'),
  status: fc.constantFrom(401, 403, 404, 422),
  before: beforeArb,
  after: textArb(300),
  header: fc.constantFrom('Authorization: token ', 'access_token=', '', 'bearer '),
});

type Echo = typeof echoArb extends fc.Arbitrary<infer T> ? T : never;

function echoFault(e: Echo, token: string) {
  const said = `${e.before}${e.header}${token}${e.after}`;
  const base = { method: 'GET', route: '/orgs/{org}/copilot/billing', nth: [1, 2, 3, 4, 5, 6, 7, 8] };
  if (e.kind === 'html') {
    const rawBody = `<html><body><h1>proxy error</h1><p>${said}</p></body></html>`;
    return { ...base, status: e.status, rawBody, contentType: 'text/html' };
  }
  if (e.kind === 'text') return { ...base, status: e.status, rawBody: said, contentType: 'text/plain' };
  if (e.kind === 'json') {
    const rawBody = JSON.stringify({ message: said, documentation_url: 'https://docs.github.com' });
    return { ...base, status: e.status, rawBody, contentType: 'application/json; charset=utf-8' };
  }
  return { ...base, status: 200, rawBody: said, contentType: 'text/plain' };
}

async function seatsFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-redact-'));
  await writeFile(join(dir, 'seats.yaml'), SEATS_YAML);
  return dir;
}

describe('the CLI over HTTP', () => {
  it('an error body echoing the token, given with trailing whitespace: no part of it in stdout or stderr', async () => {
    const dir = await seatsFile();
    await fc.assert(
      fc.asyncProperty(tokenArb, wsArb, fc.boolean(), echoArb, async (token, ws, asArg, echo) => {
        counts.cli++;
        // A server echoes what it received: the token as sent, without the paste's whitespace.
        const sim = await startCheckedSimulator(twelveMemberOrg(), { faults: [echoFault(echo, token)] });
        let printed = '';
        const io = { stdout: (t: string) => (printed += t), stderr: (t: string) => (printed += t) };
        const args = ['plan', '--config', join(dir, 'seats.yaml'), '--api-url', sim.url];
        const code = await runCli(asArg ? [...args, '--token', token + ws] : args, {
          ...io,
          env: asArg ? {} : { COPILOT_SEATS_TOKEN: token + ws },
          isTTY: false,
        });
        await sim.close();
        expect(code).toBe(1);
        expect(printed).toMatch(/Reading the Copilot billing of acme failed/);
        expect(leaks(printed, [token]), printed).toEqual([]);
      }),
      opts(60),
    );
  });
});

describe('the action (dist/index.js)', () => {
  it('an error body echoing either token: no part of them in stdout, stderr, outputs or the summary', async () => {
    const dir = await seatsFile();
    await fc.assert(
      fc.asyncProperty(tokenArb, tokenArb, echoArb, fc.boolean(), async (token, repoToken, echo, second) => {
        counts.action++;
        const echoed = second ? repoToken : token;
        const sim = await startCheckedSimulator(twelveMemberOrg(), { faults: [echoFault(echo, echoed)] });
        const run = await runAction({
          apiUrl: sim.url,
          cwd: dir,
          eventName: 'schedule',
          event: { schedule: '17 6 * * *', repository: { full_name: 'acme/seats-admin' } },
          inputs: { token, 'github-token': repoToken },
        });
        await sim.close();
        expect(run.code).toBe(1);
        const left = [
          run.stdout.replace(/^::add-mask::.*$/gm, ''),
          run.stderr,
          run.summary,
          JSON.stringify(run.outputs),
        ].join('\n');
        expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/billing of acme failed/);
        expect(leaks(left, [token, repoToken]), left).toEqual([]);
      }),
      opts(12),
    );
  }, 120_000);
});
