// parseRequestForm: the issue body GitHub renders from examples/ISSUE_TEMPLATE/copilot-seat.yml.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRequestForm, REQUEST_FORM_LABELS, REQUEST_LABEL } from '../../src/plan/request-form.ts';

const TEMPLATE = parse(readFileSync('examples/ISSUE_TEMPLATE/copilot-seat.yml', 'utf8')) as {
  labels: string[];
  body: { type: string; id?: string; attributes: { label?: string }; validations?: { required: boolean } }[];
};

/** The body GitHub writes: `### label`, blank line, the answer or _No response_. */
const render = (answers: Record<string, string>) =>
  TEMPLATE.body
    .filter((f) => f.type !== 'markdown')
    .map((f) => `### ${f.attributes.label}\n\n${answers[f.id!] || '_No response_'}`)
    .join('\n\n');

describe('the issue form', () => {
  it('has the fields the parser reads, with the label the mode answers', () => {
    const fields = TEMPLATE.body.filter((f) => f.type !== 'markdown');
    expect(Object.fromEntries(fields.map((f) => [f.id, f.attributes.label]))).toEqual(REQUEST_FORM_LABELS);
    expect(Object.fromEntries(fields.map((f) => [f.id, f.validations?.required]))).toEqual({
      login: true,
      reason: true,
      expires: false,
    });
    expect(TEMPLATE.labels).toEqual([REQUEST_LABEL]);
  });
});

describe('parseRequestForm', () => {
  it('reads every answer', () => {
    const body = render({
      login: 'mona',
      reason: 'Pairing on the API\nfor two sprints',
      expires: '2027-01-31',
    });
    expect(parseRequestForm(body)).toEqual({
      login: 'mona',
      reason: 'Pairing on the API\nfor two sprints',
      expires: '2027-01-31',
    });
  });

  it('leaves out an optional field answered _No response_', () => {
    expect(parseRequestForm(render({ login: 'mona', reason: 'x' }))).toEqual({ login: 'mona', reason: 'x' });
  });

  it('reads CRLF bodies and headings in another case', () => {
    const body = '### github login\r\n\r\nmona\r\n\r\n### REASON\r\n\r\nx\r\n';
    expect(parseRequestForm(body)).toEqual({ login: 'mona', reason: 'x' });
  });

  it('keeps the first answer when a heading is repeated lower down (in the reason, say)', () => {
    const body = render({ login: 'mona', reason: 'x\n\n### GitHub login\n\nceo' });
    expect(parseRequestForm(body)).toMatchObject({ login: 'mona' });
  });

  it('names the required fields a body lacks', () => {
    expect(parseRequestForm('I would like Copilot please')).toEqual({ missing: ['GitHub login', 'Reason'] });
    expect(parseRequestForm(render({ login: 'mona' }))).toEqual({ missing: ['Reason'] });
    expect(parseRequestForm(null)).toEqual({ missing: ['GitHub login', 'Reason'] });
  });

  it('keeps a login as written, for the check to refuse', () => {
    expect(parseRequestForm(render({ login: 'mona please', reason: 'x' }))).toMatchObject({
      login: 'mona please',
    });
  });
});
