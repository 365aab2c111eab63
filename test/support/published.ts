// Where the action is published, as the README's `uses:` line says it: the examples, the schema's
// `$id` and the docs name the same owner and major version, so a rename is made everywhere at once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './action.ts';

export interface Published {
  /** `OWNER` while the project has no owner yet; then the real one. */
  owner: string;
  /** The major tag users pin: `v1`. */
  major: string;
  /** `OWNER/copilot-seats@v1`. */
  uses: string;
  /** The raw URL of the schema at that tag. */
  schemaUrl: string;
}

export function published(): Published {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /uses: ([A-Za-z0-9_.-]+)\/copilot-seats@(v\d+)\b/.exec(readme);
  if (!match) throw new Error("README.md has no 'uses: OWNER/copilot-seats@vN' line");
  const [, owner = '', major = ''] = match;
  return {
    owner,
    major,
    uses: `${owner}/copilot-seats@${major}`,
    schemaUrl: `https://raw.githubusercontent.com/${owner}/copilot-seats/${major}/schema/seats.schema.json`,
  };
}
