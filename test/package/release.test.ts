// Releases: scripts/release.ts (the tag against package.json and CHANGELOG.md), CHANGELOG.md's
// shape, and the repository's own workflows (release, CodeQL, Dependabot; actions pinned by SHA).
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { changelogSection, checkRelease, isLatest, parseTag } from '../../scripts/release.ts';
import { ROOT } from '../support/action.ts';

const CHANGELOG = `# Changelog

Intro.

## [Unreleased]

### Added

- something new

## [1.2.0] - 2026-12-01

### Added

- the feature

### Fixed

- the bug

## [1.1.0] - 2026-11-30

- older

[Unreleased]: https://github.com/OWNER/copilot-seats/compare/v1.2.0...HEAD
[1.2.0]: https://github.com/OWNER/copilot-seats/compare/v1.1.0...v1.2.0
`;

describe('scripts/release.ts', () => {
  it('reads release tags vX.Y.Z only', () => {
    expect(parseTag('v1.2.3')).toEqual({ major: 1, minor: 2, patch: 3 });
    expect(parseTag('v0.10.0')).toEqual({ major: 0, minor: 10, patch: 0 });
    for (const tag of ['1.2.3', 'v1', 'v1.2', 'v1.2.3-rc.1', 'v01.2.3', 'v1.2.3.4', 'refs/tags/v1.2.3']) {
      expect(parseTag(tag), tag).toBeNull();
    }
  });

  it('knows the latest release, overall and within its major', () => {
    const tags = ['v1', 'v2', 'v1.0.0', 'v1.4.0', 'v2.0.0', 'v2.1.0-rc.1', 'latest'];
    expect(isLatest('v2.0.1', tags)).toBe(true);
    expect(isLatest('v2.0.0', tags)).toBe(true);
    expect(isLatest('v1.4.1', tags)).toBe(false);
    expect(isLatest('v1.4.1', tags, true)).toBe(true);
    expect(isLatest('v1.3.9', tags, true)).toBe(false);
    expect(isLatest('v1.10.0', ['v1.9.0'], true)).toBe(true); // numbers, not strings
  });

  it("takes a version's CHANGELOG section up to the next one, without the link definitions", () => {
    expect(changelogSection(CHANGELOG, '1.2.0')).toBe('### Added\n\n- the feature\n\n### Fixed\n\n- the bug');
    expect(changelogSection(CHANGELOG, '1.1.0')).toBe('- older');
    expect(changelogSection(CHANGELOG.replaceAll('\n', '\r\n'), '1.1.0')).toBe('- older');
  });

  it('refuses a missing, undated or empty section', () => {
    expect(() => changelogSection(CHANGELOG, '1.3.0')).toThrow(
      /no section for 1\.3\.0: move the entries under/,
    );
    expect(() => changelogSection('## [1.3.0]\n\n- x\n', '1.3.0')).toThrow(
      /should read '## \[1\.3\.0\] - YYYY-MM-DD'/,
    );
    expect(() => changelogSection('## [1.3.0] - 2026-12-02\n\n## [1.2.0] - 2026-12-01\n', '1.3.0')).toThrow(
      /has no entries/,
    );
  });

  it('checks the tag against package.json and gives the notes, the major tag and whether to move it', () => {
    expect(checkRelease('v1.2.0', '1.2.0', CHANGELOG, ['v1.1.0', 'v1.2.0'])).toEqual({
      notes: '### Added\n\n- the feature\n\n### Fixed\n\n- the bug\n',
      major: 'v1',
      latest: true,
      moveMajor: true,
    });
    expect(checkRelease('v1.1.0', '1.1.0', CHANGELOG, ['v1.2.0', 'v2.0.0'])).toMatchObject({
      latest: false,
      moveMajor: false,
    });
    expect(() => checkRelease('v1.2.1', '1.2.0', CHANGELOG, [])).toThrow(
      /tag v1\.2\.1 does not match package\.json's version 1\.2\.0/,
    );
    expect(() => checkRelease('v1', '1.2.0', CHANGELOG, [])).toThrow(/not a release tag vX\.Y\.Z/);
  });

  it('as the workflow runs it: fails with the reason on a tag that does not match package.json', async () => {
    const child = spawn(process.execPath, ['scripts/release.ts', 'v999.0.0', '/dev/null'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise((res) => child.on('close', res));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^release: tag v999\.0\.0 does not match package\.json's version /);
  });
});

describe('CHANGELOG.md', () => {
  it('keeps an Unreleased section on top, dated semver sections, and one for a released package.json version', async () => {
    const text = await readFile(join(ROOT, 'CHANGELOG.md'), 'utf8');
    const headings = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headings[0]).toBe('## [Unreleased]');
    for (const h of headings.slice(1)) expect(h).toMatch(/^## \[\d+\.\d+\.\d+\] - \d{4}-\d{2}-\d{2}$/);
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const released = headings.some((h) => h.startsWith(`## [${version}]`));
    // Until its release, package.json's version is the one Unreleased will become.
    if (!released) expect(text).toContain(`to be released as ${version}, the version in package.json`);
  });
});

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(join(ROOT, '.github/workflows', name), 'utf8')) as Workflow;
}

describe('.github/workflows/release.yml', () => {
  it('runs on vX.Y.Z tags; checks with a read-only token, then releases and moves the major tag', async () => {
    const w = await workflow('release.yml');
    expect(w.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    expect(w.permissions).toEqual({});
    const { check, release } = w.jobs;
    expect(check?.permissions).toEqual({ contents: 'read' });
    const checkRuns = check?.steps.map((s) => s.run ?? '').join('\n') ?? '';
    expect(checkRuns).toContain('node scripts/release.ts "$GITHUB_REF_NAME"');
    expect(checkRuns).toContain('git merge-base --is-ancestor "$GITHUB_SHA" "origin/$DEFAULT_BRANCH"');
    expect(checkRuns).toContain('bash .ci/run');
    expect(check?.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({
      'persist-credentials': false,
    });
    expect(release?.needs).toBe('check');
    expect(release?.permissions).toEqual({ contents: 'write' });
    const releaseRuns = release?.steps.map((s) => s.run ?? '').join('\n') ?? '';
    expect(releaseRuns).not.toMatch(/npm (ci|install|run|test)/); // no package code next to a write token
    expect(releaseRuns).toContain('gh release create "$TAG" --verify-tag');
    expect(releaseRuns).toContain('--notes-file "$RUNNER_TEMP/notes.md"');
    expect(releaseRuns).toContain('git push --force origin "refs/tags/$MAJOR"');
    expect(release?.steps.find((s) => s.run?.includes('refs/tags/$MAJOR'))?.if).toBe(
      "steps.tag.outputs.move-major == 'true'",
    );
  });

  it('the checks it runs (.ci/run) are npm ci, typecheck, lint, the tests and check-dist', async () => {
    const ci = await readFile(join(ROOT, '.ci/run'), 'utf8');
    for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm test', 'npm run check-dist']) {
      expect(ci).toMatch(new RegExp(`^(\\S+=\\S+ )?${command}\\b`, 'm'));
    }
  });
});

describe('the repository workflows', () => {
  it('pin every action to a full commit SHA, with its version in a comment', async () => {
    const dir = join(ROOT, '.github/workflows');
    const uses: string[] = [];
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), 'utf8');
      uses.push(...[...text.matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((m) => `${file}: ${m[1]}`));
    }
    expect(uses.length).toBeGreaterThan(5);
    for (const u of uses) expect(u).toMatch(/^\S+: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('CodeQL scans javascript-typescript; Dependabot updates npm and github-actions', async () => {
    const codeql = await workflow('codeql.yml');
    const init = codeql.jobs.analyze?.steps.find((s) => s.uses?.startsWith('github/codeql-action/init@'));
    expect(init?.with?.languages).toBe('javascript-typescript');
    expect(codeql.jobs.analyze?.permissions).toMatchObject({ 'security-events': 'write' });
    const dependabot = parse(await readFile(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string }[];
    };
    expect(dependabot.version).toBe(2);
    expect(dependabot.updates.map((u) => [u['package-ecosystem'], u.directory])).toEqual([
      ['npm', '/'],
      ['github-actions', '/'],
    ]);
  });
});
