// What the build puts beside the bundles: a source map for each (relative paths only, so that the
// build stays reproducible; stack traces under --enable-source-maps point at src/), and
// dist/licenses.txt with the licence of every package bundled in them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPackages, packageDirOf, renderLicenses } from '../../scripts/licenses.ts';
import { ROOT } from '../support/action.ts';

const BUNDLES = ['dist/index.js', 'dist/cli.js'];

interface SourceMapV3 {
  version: number;
  sources: string[];
  sourcesContent?: unknown;
  mappings: string;
}

async function mapOf(bundle: string): Promise<SourceMapV3> {
  return JSON.parse(await readFile(join(ROOT, `${bundle}.map`), 'utf8')) as SourceMapV3;
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((res) => child.on('close', (code) => res({ code: code ?? -1, stdout, stderr })));
}

/** A module for --import: the stack of the first write to stdout goes to stderr. */
async function stackProbe(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'copilot-seats-probe-')), 'probe.mjs');
  await writeFile(
    file,
    `const write = process.stdout.write.bind(process.stdout);
let shown = false;
process.stdout.write = (chunk, ...rest) => {
  if (!shown) {
    shown = true;
    process.stderr.write(new Error('probe').stack + '\\n');
  }
  return write(chunk, ...rest);
};
`,
  );
  return file;
}

describe('source maps', () => {
  it.each(BUNDLES)(
    '%s links its map, whose sources are relative paths to src/ and node_modules/',
    async (bundle) => {
      const js = await readFile(join(ROOT, bundle), 'utf8');
      const name = bundle.slice('dist/'.length);
      expect(js.endsWith(`\n//# sourceMappingURL=${name}.map\n`)).toBe(true);
      const map = await mapOf(bundle);
      expect(map.version).toBe(3);
      expect(map.sourcesContent).toBeUndefined();
      // package.json: its version only (src/version.ts).
      expect(
        map.sources.filter((s) => !/^\.\.\/(src\/|node_modules\/|schema\/|package\.json$)/.test(s)),
      ).toEqual([]);
      expect(map.sources).toContain(bundle === 'dist/cli.js' ? '../src/cli.ts' : '../src/main.ts');
    },
  );

  it('a stack trace of the CLI points at src/ under --enable-source-maps', async () => {
    const r = await run(['--enable-source-maps', '--import', await stackProbe(), 'dist/cli.js', '--version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ +at runCli \(.*[/\\]src[/\\]cli\.ts:\d+:\d+\)$/m);
    expect(r.stderr).not.toMatch(/dist[/\\]cli\.js:\d+/);
  });

  it('the action starts from a directory without node_modules (all it imports is bundled)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-action-'));
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }'); // as the action's repository
    await writeFile(join(dir, 'index.js'), await readFile(join(ROOT, 'dist/index.js')));
    const r = await run([join(dir, 'index.js')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^::error::copilot-seats: input 'token' is required/m);
  });

  it('the action still starts with node dist/index.js, and its stack traces map to src/', async () => {
    const plain = await run(['dist/index.js']);
    // No inputs: the action starts, reads them, and fails the step with a clear message.
    expect(plain.stdout).toMatch(/^::error::copilot-seats: input 'token' is required/m);
    expect(plain.code).toBe(1);
    const mapped = await run(['--enable-source-maps', '--import', await stackProbe(), 'dist/index.js']);
    expect(mapped.stderr).toMatch(/^ +at run \(.*[/\\]src[/\\]main\.ts:\d+:\d+\)$/m);
    expect(mapped.stderr).toMatch(/^ +at .*[/\\]src[/\\]index\.ts:\d+:\d+\)?$/m);
  });
});

describe('dist/licenses.txt', () => {
  it('is what scripts/licenses.ts renders, and names every package in the maps of the bundles', async () => {
    const text = await readFile(join(ROOT, 'dist/licenses.txt'), 'utf8');
    for (const bundle of BUNDLES) {
      // A package's own source map may name sources outside it (esbuild follows it): only real packages.
      const dirs = new Set(
        (await mapOf(bundle)).sources
          .flatMap((s) => packageDirOf(s.replace(/^\.\.\//, '')) ?? [])
          .filter((dir) => existsSync(join(ROOT, dir, 'package.json'))),
      );
      expect(dirs.size).toBeGreaterThan(5);
      for (const dir of dirs) {
        const name = dir.slice('node_modules/'.length);
        const line = new RegExp(
          `^  ${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\S+ +\\S+ +(.*)$`,
          'm',
        ).exec(text);
        expect(line, `${name} (in ${bundle}) is missing from dist/licenses.txt`).not.toBeNull();
        expect(line?.[1]?.split(', ')).toContain(bundle);
        expect(text).toContain(`\n${dir}/`);
      }
    }
    expect(text).not.toMatch(/\/(home|root|tmp|Users|work)\//);
  });

  it('lists packages in order with their licence text, from an esbuild metafile', async () => {
    const metafile = {
      outputs: {
        'dist/cli.js': {
          inputs: {
            'src/cli.ts': { bytesInOutput: 10 },
            'node_modules/yaml/dist/index.js': { bytesInOutput: 10 },
            'node_modules/@octokit/core/dist-src/index.js': { bytesInOutput: 10 },
            'node_modules/ajv/dist/unused.js': { bytesInOutput: 0 },
          },
        },
        'dist/cli.js.map': { inputs: {} },
      },
    };
    const packages = await bundledPackages(ROOT, [metafile]);
    expect(packages.map((p) => [p.name, p.bundles, p.files.map((f) => f.name)])).toEqual([
      ['@octokit/core', ['dist/cli.js'], ['LICENSE']],
      ['yaml', ['dist/cli.js'], ['LICENSE']],
    ]);
    const text = renderLicenses(packages);
    expect(text).toMatch(/^ {2}@octokit\/core \S+ +MIT +dist\/cli\.js$/m);
    expect(text).toContain('node_modules/yaml/LICENSE:\n\nCopyright Eemeli Aro');
    expect(text).not.toContain('ajv');
  });

  it('finds the package of a path, the innermost node_modules winning', () => {
    expect(packageDirOf('node_modules/@octokit/core/dist-src/index.js')).toBe('node_modules/@octokit/core');
    expect(packageDirOf('node_modules/a/node_modules/b/lib/x.js')).toBe('node_modules/a/node_modules/b');
    expect(packageDirOf('src/cli.ts')).toBeNull();
    expect(packageDirOf('schema/seats.schema.json')).toBeNull();
  });

  it('refuses to bundle a package that ships no licence file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'copilot-seats-licences-'));
    await mkdir(join(root, 'node_modules/unlicensed'), { recursive: true });
    await writeFile(
      join(root, 'node_modules/unlicensed/package.json'),
      JSON.stringify({ name: 'unlicensed', version: '1.0.0', license: 'MIT' }),
    );
    const metafile = {
      outputs: { 'dist/x.js': { inputs: { 'node_modules/unlicensed/index.js': { bytesInOutput: 1 } } } },
    };
    await expect(bundledPackages(root, [metafile])).rejects.toThrow(/unlicensed .* ships no licence file/);
  });
});
