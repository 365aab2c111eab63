// dist/licenses.txt: the licence of every third-party package esbuild put into a bundle.
// build.mjs passes the metafile of each bundle; the packages are the node_modules inputs that left
// bytes in the output (a file tree-shaken to nothing ships nothing). Each package's own package.json
// gives its name, version and licence field, and its LICENSE / LICENCE / COPYING / NOTICE files are
// copied verbatim. The text depends only on the metafiles and node_modules: no dates, no absolute
// paths, packages in name order, so the file is as reproducible as the bundles.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The part of esbuild's metafile read here. */
export interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

export interface BundledPackage {
  name: string;
  version: string;
  /** The `license` field of its package.json (an SPDX expression). */
  license: string;
  /** Directory of the package, relative to the build's working directory (node_modules/…). */
  dir: string;
  /** The outputs it is bundled in (dist/index.js, dist/cli.js). */
  bundles: string[];
  /** Its licence and notice files: name and text (LF line ends, trailing blanks trimmed). */
  files: { name: string; text: string }[];
}

/**
 * The package directory of a metafile input path, or null for the project's own files:
 * `node_modules/@octokit/core/dist-src/index.js` → `node_modules/@octokit/core`; the innermost
 * node_modules wins (a nested copy is its own package).
 */
export function packageDirOf(input: string): string | null {
  const path = input.replaceAll('\\', '/');
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const rest = path.slice(at + 'node_modules/'.length).split('/');
  const take = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= take) return null;
  return path.slice(0, at) + 'node_modules/' + rest.slice(0, take).join('/');
}

const LICENSE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/** The bundled packages of these outputs (paths relative to `root`), sorted by name and version. */
export async function bundledPackages(root: string, metafiles: Metafile[]): Promise<BundledPackage[]> {
  const bundlesByDir = new Map<string, Set<string>>();
  for (const metafile of metafiles) {
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      if (output.endsWith('.map')) continue;
      for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
        const dir = packageDirOf(input);
        if (dir === null || bytesInOutput === 0) continue;
        const set = bundlesByDir.get(dir) ?? new Set<string>();
        set.add(output);
        bundlesByDir.set(dir, set);
      }
    }
  }
  const packages: BundledPackage[] = [];
  for (const [dir, bundles] of bundlesByDir) {
    const manifest = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
      license?: unknown;
    };
    const name = manifest.name ?? dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const license = typeof manifest.license === 'string' ? manifest.license : '';
    const names = (await readdir(join(root, dir))).filter((f) => LICENSE_FILE.test(f)).sort();
    const files = await Promise.all(
      names.map(async (file) => ({
        name: file,
        text: normalise(await readFile(join(root, dir, file), 'utf8')),
      })),
    );
    if (!license || !files.some((f) => !/^notice/i.test(f.name))) {
      throw new Error(
        `${name} (${dir}) is bundled but ${license ? 'ships no licence file' : 'names no licence in package.json'}: ` +
          'check its terms before bundling it, and add its licence text to scripts/licenses.ts if it may be bundled',
      );
    }
    packages.push({
      name,
      version: manifest.version ?? '',
      license,
      dir,
      bundles: [...bundles].sort(),
      files,
    });
  }
  return packages.sort(
    (a, b) => compare(a.name, b.name) || compare(a.version, b.version) || compare(a.dir, b.dir),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function normalise(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

const RULE = '-'.repeat(80);

/** The text of dist/licenses.txt. */
export function renderLicenses(packages: BundledPackage[]): string {
  const width = Math.max(...packages.map((p) => `${p.name} ${p.version}`.length));
  const lines = [
    'Third-party software in the copilot-seats bundles',
    '',
    'dist/index.js (the action) and dist/cli.js (the CLI) are esbuild bundles of copilot-seats',
    '(MIT, see LICENSE) and of the packages below. Each package is listed with the bundles it is in,',
    'followed by its licence and notice files as the package ships them.',
    'Generated by scripts/licenses.ts when the bundles are built (npm run build): do not edit.',
    '',
    ...packages.map(
      (p) => `  ${`${p.name} ${p.version}`.padEnd(width)}  ${p.license.padEnd(12)}  ${p.bundles.join(', ')}`,
    ),
    '',
  ];
  for (const p of packages) {
    lines.push(
      RULE,
      `${p.name} ${p.version}`,
      `License: ${p.license}`,
      `Bundled in: ${p.bundles.join(', ')}`,
    );
    for (const f of p.files) lines.push('', `${p.dir}/${f.name}:`, '', f.text);
    lines.push('');
  }
  return lines.join('\n');
}
