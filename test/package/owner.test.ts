// One owner everywhere the project names where it is published: the README's `uses:` line
// (test/support/published.ts), action.yml's author, package.json's links, the CHANGELOG's links, the
// schema's $id, the docs and the example workflows. While it is the placeholder OWNER, publishing
// under a real account is one replacement of `OWNER/copilot-seats` everywhere.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../support/action.ts';
import { published } from '../support/published.ts';

const { owner } = published();

async function filesUnder(dir: string, ext: RegExp): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && ext.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('the owner the action is published under', () => {
  it("is action.yml's author", async () => {
    const action = parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { author: string };
    expect(action.author).toBe(owner);
  });

  it("is in package.json's repository, homepage and bugs links", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.repository.url).toBe(`git+https://github.com/${owner}/copilot-seats.git`);
    expect(pkg.homepage).toBe(`https://github.com/${owner}/copilot-seats#readme`);
    expect(pkg.bugs.url).toBe(`https://github.com/${owner}/copilot-seats/issues`);
  });

  it('is the only owner any document, workflow or schema names', async () => {
    const files = [
      ...['README.md', 'SECURITY.md', 'CHANGELOG.md', 'action.yml', 'package.json'].map((f) => join(ROOT, f)),
      ...(await filesUnder(join(ROOT, 'schema'), /\.json$/)),
      ...(await filesUnder(join(ROOT, 'docs'), /\.md$/)),
      ...(await filesUnder(join(ROOT, 'examples'), /\.(ya?ml|md)$/)),
      ...(await filesUnder(join(ROOT, '.github'), /\.ya?ml$/)),
    ];
    const named = /(?:github\.com\/|githubusercontent\.com\/|uses:\s*|^#\s*)([\w.-]+)\/copilot-seats\b/gm;
    const others: string[] = [];
    let seen = 0;
    for (const file of files) {
      for (const m of (await readFile(file, 'utf8')).matchAll(named)) {
        seen++;
        if (m[1] !== owner) others.push(`${relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(others).toEqual([]);
    expect(seen).toBeGreaterThan(5);
  });
});
