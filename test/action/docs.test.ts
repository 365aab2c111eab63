// action.yml is the contract; the README documents it. This keeps the two from drifting apart.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/action.ts';

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

const action = async () => parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const readme = () => readFile(join(ROOT, 'README.md'), 'utf8');

/** The first-column names of the markdown table under a heading. */
function tableNames(markdown: string, heading: string): string[] {
  const section = markdown.split(`### ${heading}\n`)[1]?.split('\n#')[0] ?? '';
  return [...section.matchAll(/^\| `([a-z-]+)` +\|/gm)].map((m) => m[1] ?? '');
}

describe('README and action.yml', () => {
  it('document the same inputs, with the same defaults', async () => {
    const { inputs } = await action();
    const text = await readme();
    expect(tableNames(text, 'Inputs')).toEqual(Object.keys(inputs));
    for (const [name, input] of Object.entries(inputs)) {
      // Prettier pads table cells: compare with single spaces.
      const rows = text.split('\n').map((l) => l.replace(/ +/g, ' '));
      const row = rows.find((l) => l.startsWith(`| \`${name}\` |`)) ?? '';
      const shown = input.required
        ? '(required)'
        : input.default === ''
          ? '(from the file)'
          : `\`${input.default}\``;
      expect(row, name).toContain(`| ${shown} |`);
    }
  });

  it('document the same outputs', async () => {
    expect(tableNames(await readme(), 'Outputs')).toEqual(Object.keys((await action()).outputs));
  });

  it('run the bundled action on Node 24', async () => {
    expect((await action()).runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
