import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropUnreadableEventPath } from '../../src/event-path.ts';

describe('dropUnreadableEventPath', () => {
  it('keeps a readable payload, drops one that is not JSON or missing, and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'copilot-seats-event-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    await writeFile(good, '{"action":"opened"}');
    await writeFile(bad, '{ not json');
    const env: Record<string, string | undefined> = { GITHUB_EVENT_PATH: good };
    expect(dropUnreadableEventPath(env)).toBeUndefined();
    expect(env.GITHUB_EVENT_PATH).toBe(good);
    env.GITHUB_EVENT_PATH = bad;
    expect(dropUnreadableEventPath(env)).toMatch(/bad\.json\) is not JSON: read as an empty event/);
    expect(env.GITHUB_EVENT_PATH).toBeUndefined();
    env.GITHUB_EVENT_PATH = join(dir, 'missing.json');
    expect(dropUnreadableEventPath(env)).toMatch(/cannot be read/);
    expect(dropUnreadableEventPath({})).toBeUndefined();
  });
});
