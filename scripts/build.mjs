// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with esbuild, each with a source map
// (dist/*.js.map), and writes dist/licenses.txt, the licences of the packages bundled in them.
// The output must be byte-for-byte reproducible: CI rebuilds it and diffs against the committed dist/.
// So every path esbuild writes is relative to the project root (never this machine's), and nothing
// carries a date.
import { readFile, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundledPackages, renderLicenses } from './licenses.ts';

const root = join(import.meta.dirname, '..');
const manifest = join(root, 'package.json');
const { version } = JSON.parse(await readFile(manifest, 'utf8'));

/** src/version.ts imports package.json: the bundles get its version and nothing else. */
const versionOnly = {
  name: 'version-only',
  setup(b) {
    b.onLoad({ filter: /package\.json$/ }, (args) =>
      args.path === manifest ? { contents: JSON.stringify({ version }), loader: 'json' } : undefined,
    );
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  legalComments: 'none', // the licences go to dist/licenses.txt instead
  // `node --enable-source-maps` (or NODE_OPTIONS) maps stack traces back to src/. The maps hold
  // positions and paths only; the sources are in the repository at the same commit.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  plugins: [versionOnly],
  logLevel: 'warning',
  // A few dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
};

const action = await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
const cli = await build({
  ...common,
  entryPoints: ['src/cli-main.ts'],
  outfile: 'dist/cli.js',
  // The CLI runs on every Node version package.json's engines names (the action on the runner's node24).
  target: 'node22',
  banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
});

// The runner starts dist/index.js from the action's repository, and npm installs the CLI, without
// node_modules: a bundle may import nothing but Node's own modules.
for (const { metafile } of [action, cli]) {
  for (const [output, { imports }] of Object.entries(metafile.outputs)) {
    for (const i of imports) {
      if (i.external && !isBuiltin(i.path))
        throw new Error(`${output} imports ${i.path} at run time: bundle it`);
    }
  }
}

const packages = await bundledPackages(root, [action.metafile, cli.metafile]);
await writeFile(join(root, 'dist/licenses.txt'), renderLicenses(packages));
