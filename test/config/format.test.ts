import { describe, expect, it } from 'vitest';
import { annotationOf, formatConfigError, formatConfigErrors } from '../../src/config/format.ts';
import type { ConfigError } from '../../src/plan/types.ts';

const dup: ConfigError = {
  file: 'seats.yaml',
  line: 6,
  column: 5,
  path: '/users/2',
  message: "duplicate user 'octocat' (also at line 4)",
};
const empty: ConfigError = { file: 'seats.yaml', line: 1, column: 1, path: '', message: 'the file is empty' };

describe('formatConfigError', () => {
  it('writes FILE:LINE:COL: message (at /path)', () => {
    expect(formatConfigError(dup)).toBe(
      "seats.yaml:6:5: duplicate user 'octocat' (also at line 4) (at /users/2)",
    );
  });

  it('leaves out the path of the whole document', () => {
    expect(formatConfigError(empty)).toBe('seats.yaml:1:1: the file is empty');
  });

  it('lists several errors and counts them', () => {
    expect(formatConfigErrors([empty, dup]).split('\n')).toEqual([
      'seats.yaml:1:1: the file is empty',
      "seats.yaml:6:5: duplicate user 'octocat' (also at line 4) (at /users/2)",
      '2 errors',
    ]);
    expect(formatConfigErrors([empty]).endsWith('\n1 error')).toBe(true);
    expect(formatConfigErrors([])).toBe('');
  });

  it('gives the fields of a GitHub annotation on the line', () => {
    expect(annotationOf(dup)).toEqual({
      message: "duplicate user 'octocat' (also at line 4) (at /users/2)",
      properties: { title: 'seats.yaml', file: 'seats.yaml', startLine: 6, startColumn: 5 },
    });
  });
});
