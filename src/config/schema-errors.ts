// The JSON Schema check, and the translation of ajv's errors into messages that name the field,
// show the value as it was written and say how to fix it. The schema is the contract; this file
// only explains its verdicts.
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../schema/seats.schema.json' with { type: 'json' };
import type { ConfigError, PolicyField } from '../plan/types.ts';
import { POLICY_FIELDS } from '../plan/policy-fields.ts';
import { splitPointer, joinPointer, type Locator } from './locate.ts';
import { loginProblem, orgProblem, slugProblem } from './names.ts';
import { suggestKey } from './suggest.ts';

// ajv and ajv-formats are CommonJS: under NodeNext the default import is module.exports, whose
// `default` property is the class / plugin (the same value at runtime, and what the types say).
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export { schema };

let compiled: ValidateFunction | null = null;

/**
 * Keywords of the schema that only editors read: `patternErrorMessage` replaces "does not match
 * the pattern" in VS Code and the YAML language server. Declared so that ajv's strict mode accepts
 * them; they validate nothing (this file words its own messages).
 */
export const EDITOR_KEYWORDS = ['patternErrorMessage'] as const;

/** The compiled schema (compiled once, on first use). */
export function seatsValidator(): ValidateFunction {
  if (!compiled) {
    // strictRequired is off: the exemption's oneOf branches name properties declared beside them.
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    addFormats(ajv, { mode: 'full', formats: ['date'] });
    for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Policy fields whose values have their own message (the schema's; `requesters` is a team slug). */
type PolicyKind = Exclude<PolicyField, 'requesters'>;

type Kind =
  | 'root'
  | 'version'
  | 'org'
  | 'enterprise'
  | 'list'
  | 'user-entry'
  | 'team-entry'
  | 'exempt-entry'
  | 'login'
  | 'slug'
  | 'reason'
  | 'date'
  | 'policy'
  | PolicyKind
  | 'other';

interface Field {
  kind: Kind;
  /** The key it sits under (`users`, `login`), or '' at the top level and in lists. */
  name: string;
  /** How a message names the field. */
  label: string;
  /** What the field must be, completing "… must be ___". */
  expected: string;
}

const POLICY = schema.properties.policy.properties;

/** "'allow' or 'skip'": the values a field allows, as the schema lists them. */
function choices(values: readonly unknown[]): string {
  const quotedValues = values.map((v) => `'${String(v)}'`);
  const last = quotedValues.pop() ?? '';
  return quotedValues.length > 0 ? `${quotedValues.join(', ')} or ${last}` : last;
}

const FIELDS: Record<Kind, { label?: string; expected: string }> = {
  root: { label: 'the top level', expected: 'a mapping' },
  version: { expected: '1' },
  org: { expected: 'the organization login as text' },
  enterprise: { expected: 'the enterprise slug as text' },
  list: { expected: 'a list' },
  'user-entry': { label: 'a user entry', expected: "a login or a mapping with 'login'" },
  'team-entry': { label: 'a team entry', expected: "a team slug or a mapping with 'slug'" },
  'exempt-entry': { label: 'an exemption', expected: "a mapping with 'login' or 'team'" },
  login: { expected: 'a GitHub login as text' },
  slug: { expected: 'a team slug as text' },
  reason: { expected: 'text' },
  date: { expected: 'a date written YYYY-MM-DD' },
  policy: { expected: `a mapping (${Object.keys(POLICY).join(', ')})` },
  max_removals: { expected: "a count like 5 or a percentage from 0% to 100% like '25%'" },
  inactive_days: { expected: 'a whole number of days, at least 1' },
  seat_cost: { expected: 'a number of USD per seat per month, 0 or more' },
  max_additions: { expected: 'a whole number of seats, 0 or more' },
  unreviewed_adds: { expected: choices(POLICY.unreviewed_adds.enum) },
  idle_signal: { expected: choices(POLICY.idle_signal.enum) },
  new_seat_grace_days: { expected: 'a whole number of days, 0 or more' },
  reclaim_notice: { expected: choices(POLICY.reclaim_notice.enum) },
  max_request_days: { expected: 'a whole number of days, at least 1' },
  other: { expected: 'valid' },
};

const ENTRY: Record<string, Kind> = { users: 'user-entry', teams: 'team-entry', exempt: 'exempt-entry' };

function isPolicyKind(key: string): key is PolicyKind {
  return key !== 'requesters' && (POLICY_FIELDS as readonly string[]).includes(key);
}

function kindAt(segments: readonly string[]): Kind {
  const [top, second, third] = segments;
  if (top === undefined) return 'root';
  if (segments.length === 1) {
    if (top === 'version' || top === 'org' || top === 'enterprise' || top === 'policy') return top;
    return top in ENTRY ? 'list' : 'other';
  }
  if (top === 'policy') {
    if (second === 'requesters' && segments.length === 2) return 'slug';
    return second !== undefined && isPolicyKind(second) ? second : 'other';
  }
  if (segments.length === 2) return ENTRY[top] ?? 'other';
  if (third === 'login') return 'login';
  if (third === 'slug' || third === 'team') return 'slug';
  if (third === 'reason') return 'reason';
  if (third === 'expires') return 'date';
  return 'other';
}

function fieldAt(segments: readonly string[]): Field {
  const kind = kindAt(segments);
  const last = segments[segments.length - 1] ?? '';
  const spec = FIELDS[kind];
  return { kind, name: last, label: spec.label ?? `'${last}'`, expected: spec.expected };
}

/** A string in quotes, cut short: a message must not echo a megabyte back. */
function quoted(text: string): string {
  return `'${text.length > 60 ? text.slice(0, 57) + '…' : text}'`;
}

/** A value as the reader wrote it: `the number 012`, `'octocat'`, `nothing`. */
function describe(data: unknown, source: string | null): string {
  const src = source ?? String(data);
  if (data === null) return src === '' ? 'nothing' : src === 'null' ? 'null' : `${src} (null in YAML)`;
  if (typeof data === 'boolean') return `${src} (a boolean in YAML)`;
  if (typeof data === 'number') return `the number ${src}`;
  if (typeof data === 'string') return quoted(data);
  return Array.isArray(data) ? 'a list' : 'a mapping';
}

/** YAML reads 123, true, null and ~ as non-text: quoting keeps them as written. */
function quoteHint(data: unknown, source: string | null): string {
  if (typeof data === 'string' || (typeof data === 'object' && data !== null)) return '';
  if (!source || !/^[A-Za-z0-9._+-]+$/.test(source)) return '';
  return `; if '${source}' is meant as text, quote it: "${source}"`;
}

function typeMessage(field: Field, data: unknown, source: string | null): string {
  const isEntry = field.kind === 'user-entry' || field.kind === 'team-entry' || field.kind === 'exempt-entry';
  if (isEntry && data === null && (source === '' || source === null)) {
    return `empty list entry: write ${field.expected} after the '-', or remove the '-'`;
  }
  if (field.kind === 'list' && data === null) {
    return `${field.label} has no entries: write '${field.name}: []' or remove the key`;
  }
  if (field.kind === 'exempt-entry' && typeof data === 'string' && data.length <= 60) {
    return `an exemption is a mapping: write '- login: ${data}' (a user) or '- team: ${data}' (a team)`;
  }
  const hint = field.kind === 'reason' || isNameKind(field.kind) || isEntry ? quoteHint(data, source) : '';
  return `${field.label} must be ${field.expected}, got ${describe(data, source)}${hint}`;
}

function isNameKind(kind: Kind): boolean {
  return kind === 'login' || kind === 'slug' || kind === 'org';
}

/** The short form of a user or team entry is the name itself. */
function nameKind(kind: Kind): Kind {
  return kind === 'user-entry' ? 'login' : kind === 'team-entry' ? 'slug' : kind;
}

function nameMessage(kind: Kind, value: string): string | null {
  const problem =
    kind === 'login' ? loginProblem(value) : kind === 'slug' ? slugProblem(value) : orgProblem(value);
  if (!problem) return null;
  const what = kind === 'login' ? 'GitHub login' : kind === 'slug' ? 'team slug' : 'organization login';
  return `${quoted(value)} is not a valid ${what}: ${problem}`;
}

function dateMessage(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `'${value}' is not a real date`;
  return `expires must be a date written YYYY-MM-DD (e.g. 2027-01-31), got ${quoted(value)}`;
}

const WHERE: Partial<Record<Kind, string>> = {
  root: 'at the top level',
  'user-entry': 'in a user entry',
  'team-entry': 'in a team entry',
  'exempt-entry': 'in an exemption',
  policy: "in 'policy'",
};

function unknownKeyMessage(field: Field, key: string, allowed: string[]): string {
  const where = WHERE[field.kind] ?? `in ${field.label}`;
  const suggestion = suggestKey(key, allowed);
  if (suggestion) return `unknown key '${key}' ${where}; did you mean '${suggestion}'?`;
  return `unknown key '${key}' ${where} (allowed: ${allowed.join(', ')})`;
}

/** A value outside the schema's enum, with the allowed value it was probably meant to be. */
function enumMessage(field: Field, e: ErrorObject, source: string | null): string {
  const allowed = (e.params.allowedValues as unknown[]).map(String);
  const suggestion = typeof e.data === 'string' ? suggestKey(e.data, allowed) : null;
  const hint = suggestion ? `; did you mean '${suggestion}'?` : '';
  return `${field.label} must be ${choices(allowed)}, got ${describe(e.data, source)}${hint}`;
}

function requiredMessage(field: Field, property: string): string {
  if (field.kind === 'root' && property === 'version') return `missing 'version: 1' at the top level`;
  if (field.kind === 'root' && property === 'org') {
    return `missing 'org' at the top level: the login of the GitHub organization`;
  }
  return `${field.label} needs '${property}'`;
}

/** The top level names exactly one scope: an org or an enterprise. */
function scopeMessage(data: unknown): string {
  const both = typeof data === 'object' && data !== null && 'org' in data && 'enterprise' in data;
  if (both)
    return `give either 'org' or 'enterprise' at the top level, not both: one file manages one of them`;
  return `missing 'org' at the top level: the login of the GitHub organization (or 'enterprise': the slug of the enterprise)`;
}

function oneOfMessage(data: unknown): string {
  const both = typeof data === 'object' && data !== null && 'login' in data && 'team' in data;
  if (both) return `an exemption names either 'login' or 'team', not both: split it into two entries`;
  return `an exemption needs 'login' (a user) or 'team' (a team)`;
}

// Union types (a login or a mapping; a count or a percentage) make ajv report every branch.
// Keep only what the branch matching the value's type said; when no branch fits the type,
// one "must be X or Y" message for the union replaces them all.
function pruneUnions(errors: ErrorObject[]): ErrorObject[] {
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const typed = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  let kept = errors.filter((e) => !(e.keyword === 'type' && unionPaths.has(e.instancePath)));
  kept = kept.filter((e) => {
    if (e.keyword === 'anyOf') {
      const p = e.instancePath;
      return !kept.some(
        (o) =>
          o !== e && o.keyword !== 'anyOf' && (o.instancePath === p || o.instancePath.startsWith(p + '/')),
      );
    }
    // The exemption's oneOf: a value that is not a mapping already has its type error, and
    // the branches' own `required` errors are summed up by the oneOf message.
    if (e.keyword === 'oneOf') return !typed.has(e.instancePath);
    if (e.keyword === 'required' && e.schemaPath.includes('/oneOf/')) return false;
    return true;
  });
  return kept;
}

function translate(e: ErrorObject, locator: Locator): ConfigError {
  const source = (pointer: string) => locator.sourceOf(pointer);
  const segments = splitPointer(e.instancePath);
  const field = fieldAt(segments);
  const at = (message: string) => locator.error(e.instancePath, message);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const pointer = joinPointer([...segments, key]);
      return locator.error(pointer, unknownKeyMessage(field, key, allowed), 'key');
    }
    case 'required':
      return at(requiredMessage(field, String(e.params.missingProperty)));
    case 'oneOf':
      return at(field.kind === 'root' ? scopeMessage(e.data) : oneOfMessage(e.data));
    case 'enum':
      return at(enumMessage(field, e, source(e.instancePath)));
    case 'const':
      if (field.kind === 'version' && e.data === '1')
        return at(`version must be the number 1, without quotes`);
      return at(`${field.label} must be ${field.expected}, got ${describe(e.data, source(e.instancePath))}`);
    case 'pattern':
    case 'minLength':
    case 'maxLength':
    case 'format':
      if (typeof e.data === 'string' && isNameKind(nameKind(field.kind))) {
        const message = nameMessage(nameKind(field.kind), e.data);
        if (message) return at(message);
      }
      if (typeof e.data === 'string' && field.kind === 'date') return at(dateMessage(e.data));
      break;
  }
  if (['type', 'anyOf', 'minimum', 'pattern', 'const'].includes(e.keyword)) {
    return at(typeMessage(field, e.data, source(e.instancePath)));
  }
  return at(`${field.label} ${e.message ?? 'is not valid'}`);
}

/** Schema violations of the plain data, located in the source. */
export function schemaProblems(data: unknown, locator: Locator): ConfigError[] {
  const validate = seatsValidator();
  if (validate(data)) return [];
  return pruneUnions(validate.errors ?? []).map((e) => translate(e, locator));
}
