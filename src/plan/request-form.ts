// The body GitHub writes for an issue opened from examples/ISSUE_TEMPLATE/copilot-seat.yml: each
// field as `### <label>`, a blank line, the answer; `_No response_` for an optional field left
// empty. Pure: text in, fields out.

/** The labels of the form's fields, as the headings of the body name them. */
export const REQUEST_FORM_LABELS = { login: 'GitHub login', reason: 'Reason', expires: 'End date' } as const;

/** The label an issue opened from the form carries. */
export const REQUEST_LABEL = 'copilot-seat-request';

export interface RequestForm {
  login: string;
  reason: string;
  expires?: string;
}

const NO_RESPONSE = '_No response_';

/** The answers under each `### ` heading, by heading. */
function sections(body: string): Map<string, string> {
  const out = new Map<string, string>();
  let heading: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (heading !== null && !out.has(heading)) out.set(heading, lines.join('\n').trim());
  };
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const m = /^###\s+(.+?)\s*$/.exec(line);
    if (m) {
      flush();
      heading = m[1]!.toLowerCase();
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}

function answer(found: Map<string, string>, label: string): string | undefined {
  const text = found.get(label.toLowerCase());
  return text === undefined || text === NO_RESPONSE || text === '' ? undefined : text;
}

/**
 * The form's answers, or what is missing: a body not written from the form (edited by hand, or
 * from another template) lacks the headings.
 */
export function parseRequestForm(body: string | null | undefined): RequestForm | { missing: string[] } {
  const found = sections(body ?? '');
  const login = answer(found, REQUEST_FORM_LABELS.login);
  const reason = answer(found, REQUEST_FORM_LABELS.reason);
  const expires = answer(found, REQUEST_FORM_LABELS.expires);
  const missing = [
    ...(login === undefined ? [REQUEST_FORM_LABELS.login] : []),
    ...(reason === undefined ? [REQUEST_FORM_LABELS.reason] : []),
  ];
  if (login === undefined || reason === undefined) return { missing };
  // As written: a login with a note after it is refused by the check, never guessed at.
  return { login, reason, ...(expires !== undefined ? { expires } : {}) };
}
