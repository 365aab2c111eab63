// The release workflow's checks of a tag (.github/workflows/release.yml):
//   node scripts/release.ts vX.Y.Z NOTES_FILE
// fails unless the tag is vX.Y.Z, equals package.json's version and CHANGELOG.md has a dated
// `## [X.Y.Z] - YYYY-MM-DD` section with entries; writes that section to NOTES_FILE (the release
// notes) and prints, for $GITHUB_OUTPUT, `major=vX`, `latest=true|false` (is it the highest vX.Y.Z
// tag of the repository: GitHub's "latest release"?) and `move-major=true|false` (is it the highest
// of its major, so that vX moves to it?).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

const TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** The version of a release tag `vX.Y.Z`, or null for any other tag. */
export function parseTag(tag: string): Version | null {
  const m = TAG.exec(tag);
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : null;
}

function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * Whether `tag` is the highest release tag among `tags` (other tags, such as `v1`, are ignored);
 * with `sameMajor`, the highest of those with its major version.
 */
export function isLatest(tag: string, tags: string[], sameMajor = false): boolean {
  const mine = parseTag(tag);
  if (!mine) return false;
  return tags.every((t) => {
    const other = parseTag(t);
    if (!other || (sameMajor && other.major !== mine.major)) return true;
    return compareVersions(other, mine) <= 0;
  });
}

/**
 * The entries of CHANGELOG.md's section for `version` (without its heading), trimmed; throws when
 * the section is missing, undated or empty.
 */
export function changelogSection(changelog: string, version: string): string {
  const lines = changelog.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## [${version}]`));
  if (start < 0) {
    throw new Error(
      `CHANGELOG.md has no section for ${version}: move the entries under [Unreleased] to ` +
        `'## [${version}] - YYYY-MM-DD' before tagging`,
    );
  }
  const heading = lines[start] ?? '';
  if (!new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`).test(heading)) {
    throw new Error(`CHANGELOG.md: '${heading}' should read '## [${version}] - YYYY-MM-DD'`);
  }
  const rest = lines.slice(start + 1);
  // The section ends at the next version heading or at the link definitions at the end of the file.
  const end = rest.findIndex((l) => l.startsWith('## ') || /^\[[^\]]+\]: /.test(l));
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  if (!body) throw new Error(`CHANGELOG.md: the section for ${version} has no entries`);
  return body;
}

/** The checks of the tag; returns the notes and the workflow outputs. */
export function checkRelease(
  tag: string,
  packageVersion: string,
  changelog: string,
  tags: string[],
): { notes: string; major: string; latest: boolean; moveMajor: boolean } {
  const version = parseTag(tag);
  if (!version) throw new Error(`'${tag}' is not a release tag vX.Y.Z`);
  if (tag !== `v${packageVersion}`) {
    throw new Error(
      `tag ${tag} does not match package.json's version ${packageVersion}: set it to ${tag.slice(1)}`,
    );
  }
  return {
    notes: changelogSection(changelog, packageVersion) + '\n',
    major: `v${version.major}`,
    latest: isLatest(tag, tags),
    moveMajor: isLatest(tag, tags, true),
  };
}

if (import.meta.main) {
  const [tag, notesFile] = process.argv.slice(2);
  if (!tag || !notesFile) {
    process.stderr.write('usage: node scripts/release.ts vX.Y.Z NOTES_FILE\n');
    process.exit(2);
  }
  try {
    const root = new URL('..', import.meta.url);
    const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      version: string;
    };
    const changelog = readFileSync(new URL('CHANGELOG.md', root), 'utf8');
    const tags = execFileSync('git', ['tag', '--list', 'v*'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const release = checkRelease(tag, version, changelog, tags);
    writeFileSync(notesFile, release.notes);
    process.stdout.write(
      `major=${release.major}\nlatest=${release.latest}\nmove-major=${release.moveMajor}\n`,
    );
  } catch (error) {
    process.stderr.write(`release: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
