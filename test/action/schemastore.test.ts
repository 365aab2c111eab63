// The schema's association with files: the SchemaStore catalog entry in docs/ points at the
// published schema and matches only distinctive names (never a workflow file), and the docs show
// the same URL and entry that the code and the schema use.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/seats.schema.json' with { type: 'json' };
import { DEFAULT_SCHEMA_URL } from '../../src/render/dump.ts';
import { ROOT } from '../support/action.ts';
import { published } from '../support/published.ts';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const entry = JSON.parse(read('docs/schemastore-catalog-entry.json')) as {
  name: string;
  description: string;
  fileMatch: string[];
  url: string;
};

/** SchemaStore's fileMatch as the YAML language server reads it: a name without '/' matches in any folder. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${glob.includes('/') ? '' : '(?:.*/)?'}${body}$`);
}
const matched = (path: string) => entry.fileMatch.some((glob) => globToRegExp(glob).test(path));

describe('docs/schemastore-catalog-entry.json', () => {
  it('is a catalog entry for the published schema', () => {
    expect(Object.keys(entry).sort()).toEqual(['description', 'fileMatch', 'name', 'url']);
    expect(entry.url).toBe(published().schemaUrl);
    expect(entry.url).toBe(schema.$id);
    expect(entry.url).toBe(DEFAULT_SCHEMA_URL);
    expect(entry.description).not.toMatch(/[.:]$/); // SchemaStore's style
  });

  it('the glob reading agrees with SchemaStore usage', () => {
    expect(globToRegExp('**/.github/workflows/*.yml').test('a/.github/workflows/ci.yml')).toBe(true);
    expect(globToRegExp('**/.github/workflows/*.yml').test('.github/workflows/x/ci.yml')).toBe(false);
    expect(globToRegExp('x.yaml').test('deep/dir/x.yaml')).toBe(true);
    expect(globToRegExp('x.yaml').test('deep/dir/ax.yaml')).toBe(false);
  });

  it.each([
    'copilot-seats.yaml',
    'admin/copilot-seats.yaml',
    '.github/seats.yaml',
    'orgs/acme/.github/seats.yml',
  ])('matches %s', (path) => expect(matched(path)).toBe(true));

  it.each([
    'seats.yaml',
    'config/seats.yaml',
    '.github/seats/other.yaml',
    '.github/workflows/seats.yaml',
    '.github/workflows/copilot-seats.yml',
    ...readdirSync(join(ROOT, 'examples/workflows')).map((f) => `.github/workflows/${f}`),
  ])('does not match %s', (path) => expect(matched(path)).toBe(false));

  it('would match a workflow named copilot-seats.yaml, which the docs warn against', () => {
    expect(matched('.github/workflows/copilot-seats.yaml')).toBe(true);
    expect(read('docs/schema.md')).toMatch(/name a workflow `copilot-seats\.yaml`/);
  });
});

describe('docs/schema.md', () => {
  const text = read('docs/schema.md');

  it('shows the catalog entry as it is in the file', () => {
    const block = [...text.matchAll(/```json\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => b.includes('fileMatch'));
    expect(JSON.parse(block ?? 'null')).toEqual(entry);
  });

  it('gives the URL and the modeline that dump writes', () => {
    expect(text).toContain(`# yaml-language-server: $schema=${DEFAULT_SCHEMA_URL}`);
    expect(text).toContain(`"${DEFAULT_SCHEMA_URL}": ["seats.yaml"]`);
    expect(read('docs/getting-started.md')).toContain(
      `# yaml-language-server: $schema=${DEFAULT_SCHEMA_URL}`,
    );
  });
});
