// The package version, for `copilot-seats --version`. The build (scripts/build.mjs) gives the bundles
// only the `version` of package.json, so that a change to its other fields does not change dist/.
import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
