// readSeatsFile on real temporary files: encodings, line endings, size limit, missing files.
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readSeatsFile } from '../../src/config/read.ts';

const VALID = 'version: 1\norg: acme\nusers:\n  - octocat\n  - login: monalisa\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'copilot-seats-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('readSeatsFile', () => {
  it('reads and parses a valid file, naming it by its path', async () => {
    const path = await fileWith('valid.yaml', VALID);
    const { desired, errors } = await readSeatsFile(path);
    expect(errors).toEqual([]);
    expect(desired!.users.map((u) => u.key)).toEqual(['octocat', 'monalisa']);
    expect(desired!.file).toBe(path);
  });

  it('uses the display name in errors and in the result', async () => {
    const path = await fileWith('named.yaml', VALID.replace('version: 1', 'version: 9'));
    const { errors } = await readSeatsFile(path, 'seats.yaml');
    expect(errors).toMatchObject([{ file: 'seats.yaml', line: 1, column: 10 }]);
  });

  it('strips a UTF-8 BOM', async () => {
    const path = await fileWith('bom.yaml', '\uFEFF' + VALID);
    const { desired, errors } = await readSeatsFile(path);
    expect(errors).toEqual([]);
    expect(desired!.version).toBe(1);
    expect(desired!.users[0]!.pos).toEqual({ line: 4, column: 5 });
  });

  it('accepts CRLF line endings, with the same lines and columns', async () => {
    const path = await fileWith('crlf.yaml', VALID.replace(/\n/g, '\r\n') + '  - octocat\r\n');
    const { errors } = await readSeatsFile(path, 'seats.yaml');
    expect(errors).toMatchObject([
      { line: 6, column: 5, message: "duplicate user 'octocat' (also at line 4)" },
    ]);
  });

  it('rejects bytes that are not UTF-8, naming the line of the bad byte', async () => {
    const latin1 = new Uint8Array([...Buffer.from('version: 1\norg: acme\nusers:\n  - Jos'), 0xe9, 0x0a]);
    const path = await fileWith('latin1.yaml', latin1);
    const { desired, errors } = await readSeatsFile(path, 'seats.yaml');
    expect(desired).toBeNull();
    expect(errors).toEqual([
      {
        file: 'seats.yaml',
        line: 4,
        column: 8,
        path: '',
        message: 'the file is not valid UTF-8 (bad byte at line 4): save it as UTF-8',
      },
    ]);
  });

  it('accepts multi-byte UTF-8 text', async () => {
    const path = await fileWith('utf8.yaml', VALID + 'teams:\n  - slug: eng\n    reason: équipe — 開発\n');
    const { desired, errors } = await readSeatsFile(path);
    expect(errors).toEqual([]);
    expect(desired!.teams[0]!.reason).toBe('équipe — 開発');
  });

  it('rejects a file over 5 MB without parsing it', async () => {
    const path = join(dir, 'huge.yaml');
    await writeFile(path, VALID);
    await truncate(path, MAX_FILE_BYTES + 1); // sparse: no 5 MB written to disk
    const { desired, errors } = await readSeatsFile(path, 'seats.yaml');
    expect(desired).toBeNull();
    expect(errors).toMatchObject([
      { line: 1, column: 1, message: expect.stringMatching(/too large .*5 MB/) },
    ]);
  });

  it('accepts a file of exactly 5 MB (the limit is inclusive)', async () => {
    const filler = '#'.repeat(MAX_FILE_BYTES - VALID.length - 1) + '\n';
    const path = await fileWith('limit.yaml', VALID + filler);
    const { errors } = await readSeatsFile(path);
    expect(errors).toEqual([]);
  });

  it('reports a missing file at 1:1', async () => {
    const path = join(dir, 'nope.yaml');
    const { desired, errors } = await readSeatsFile(path, 'seats.yaml');
    expect(desired).toBeNull();
    expect(errors).toEqual([
      { file: 'seats.yaml', line: 1, column: 1, path: '', message: `file not found: ${path}` },
    ]);
  });

  it('reports a directory given as the file', async () => {
    const { errors } = await readSeatsFile(dir, 'seats.yaml');
    expect(errors).toMatchObject([
      { line: 1, column: 1, message: expect.stringMatching(/is a directory|not a regular file/) },
    ]);
  });
});

describe('readSeatsFile points at the broken character', () => {
  it.each([
    ['a lone continuation byte', [0x80], 2, 7],
    ['an invalid byte', [0xff], 2, 7],
    ['a lead byte cut off by a space', [0xc3, 0x20], 2, 7],
    ['a valid character, then an invalid byte', [0xc3, 0xa9, 0xff], 2, 9],
  ])('%s', async (_name, bytes, line, column) => {
    const dir2 = await mkdtemp(join(tmpdir(), 'copilot-seats-utf8-'));
    try {
      const path = join(dir2, 'seats.yaml');
      await writeFile(path, new Uint8Array([...Buffer.from('version: 1\norg: a'), ...bytes, 0x0a]));
      const { errors } = await readSeatsFile(path, 'seats.yaml');
      expect(errors).toMatchObject([{ line, column, message: expect.stringMatching(/not valid UTF-8/) }]);
    } finally {
      await rm(dir2, { recursive: true, force: true });
    }
  });
});
