// GitHub's official OpenAPI description (@octokit/openapi, api.github.com) as validators: the
// simulator's requests and responses are checked against what GitHub documents, not against what
// a client expects.
//
// The description is OpenAPI 3.0: `nullable: true` instead of null types, `$ref`s into
// #/components, and formats ajv does not know. Each component schema is converted once and
// registered under `gh#/definitions/<name>`; validators are compiled per operation and status on
// first use. The 13 MB file is read once per worker (vitest runs files in workers).
//
// Routes under /enterprises/ (the enterprise Copilot endpoints, not in api.github.com's description)
// are checked against GitHub Enterprise Cloud's description (ghec.json), read only when a test first
// checks such a route, with its own validators.
//
// Status rules: a status the operation declares with a JSON body is validated against it; a 204
// (or any declared status without content) must have no body, except error statuses, whose body
// must be GitHub's `basic-error`. An error status (4xx/5xx) the operation does not declare, e.g. a
// 502 or a secondary rate limit, is allowed with a `basic-error` body: GitHub sends those on any
// route. An undeclared 2xx/3xx is a mismatch.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Schema = Record<string, unknown>;
interface Operation {
  requestBody?: Schema;
  responses: Record<string, Schema>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, Schema>>;
}

type SpecName = 'api.github.com' | 'ghec';
const specFile = (name: SpecName): string =>
  fileURLToPath(new URL(`../../node_modules/@octokit/openapi/generated/${name}.json`, import.meta.url));

/** The description a route is documented in: ghec for the enterprise routes, api.github.com otherwise. */
export function specFor(route: string): SpecName {
  return route.startsWith('/enterprises/') ? 'ghec' : 'api.github.com';
}
const REF_PREFIX = '#/components/schemas/';

const loaded = new Map<SpecName, { spec: Spec; ajv: Ajv }>();
const validators = new Map<string, ValidateFunction>();

/** OpenAPI 3.0 schema → JSON Schema (draft-07): nullable becomes a null type, refs point at gh#. */
export function convertSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) {
    if (
      k === 'nullable' ||
      k === 'example' ||
      k === 'examples' ||
      k === 'discriminator' ||
      k.startsWith('x-')
    )
      continue;
    if (k === '$ref' && typeof v === 'string')
      out.$ref = v.startsWith(REF_PREFIX) ? `gh#/definitions/${v.slice(REF_PREFIX.length)}` : v;
    else if (k === 'properties' && typeof v === 'object' && v !== null) {
      // property names are data, not keywords: convert each value, keep every key
      out.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, convertSchema(s)]));
    } else out[k] = convertSchema(v);
  }
  if ((node as Schema).nullable !== true) return out;
  if (typeof out.type === 'string' && !out.$ref) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function load(name: SpecName = 'api.github.com'): { spec: Spec; ajv: Ajv } {
  const cached = loaded.get(name);
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(specFile(name), 'utf8')) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addFormat('timestamp', { type: 'string', validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
  const definitions = Object.fromEntries(
    Object.entries(spec.components.schemas ?? {}).map(([name, s]) => [name, convertSchema(s)]),
  );
  ajv.addSchema({ $id: 'gh', definitions });
  const built = { spec, ajv };
  loaded.set(name, built);
  return built;
}

/** Whether a description was read in this worker (tests check that org-only files skip ghec). */
export function isSpecLoaded(name: SpecName): boolean {
  return loaded.has(name);
}

/** Resolves a `#/components/...` reference (responses, requestBodies) to its object. */
function deref(spec: Spec, node: Schema): Schema {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const [, , section, name] = ref.split('/');
  const target = spec.components[section ?? '']?.[name ?? ''];
  if (!target) throw new Error(`openapi: unresolved ${ref}`);
  return deref(spec, target);
}

export function findOperation(method: string, route: string): Operation | undefined {
  return load(specFor(route)).spec.paths[route]?.[method.toLowerCase()];
}

function compiled(cacheKey: string, schema: unknown, name: SpecName = 'api.github.com'): ValidateFunction {
  let v = validators.get(`${name} ${cacheKey}`);
  if (!v) {
    v = load(name).ajv.compile(convertSchema(schema) as Schema);
    validators.set(`${name} ${cacheKey}`, v);
  }
  return v;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
  });
}

function jsonSchemaOf(spec: Spec, content: unknown): unknown {
  const json = (content as Record<string, Schema> | undefined)?.['application/json'];
  return json?.schema;
}

const BASIC_ERROR = { $ref: `${REF_PREFIX}basic-error` };

/** Errors of a response body against the operation's schema for that status ([] when it conforms). */
export function validateResponse(method: string, route: string, status: number, body: unknown): string[] {
  const op = findOperation(method, route);
  const where = `${method.toUpperCase()} ${route} → ${status}`;
  if (!op) return [`${where}: no such operation in GitHub's OpenAPI description`];
  const { spec } = load(specFor(route));
  const declared = op.responses[String(status)];
  const isError = status >= 400;
  let schema: unknown;
  if (declared) schema = jsonSchemaOf(spec, deref(spec, declared).content);
  else if (!isError) return [`${where}: status not declared by the operation`];
  if (schema === undefined && isError) schema = BASIC_ERROR;
  if (schema === undefined) {
    return body === undefined || body === ''
      ? []
      : [`${where}: the operation declares no body for this status`];
  }
  const v = compiled(`res ${method} ${route} ${declared ? status : 'error'}`, schema, specFor(route));
  return v(body) ? [] : describe(v.errors).map((e) => `${where}: ${e}`);
}

/** Errors of a request body against the operation's request schema ([] when it conforms). */
export function validateRequestBody(method: string, route: string, body: unknown): string[] {
  const op = findOperation(method, route);
  const where = `${method.toUpperCase()} ${route} request`;
  if (!op) return [`${where}: no such operation in GitHub's OpenAPI description`];
  const { spec } = load(specFor(route));
  if (!op.requestBody) return body === undefined ? [] : [`${where}: the operation takes no body`];
  const rb = deref(spec, op.requestBody);
  if (body === undefined) return rb.required ? [`${where}: body required`] : [];
  const schema = jsonSchemaOf(spec, rb.content);
  if (schema === undefined) return [`${where}: no JSON request schema`];
  const v = compiled(`req ${method} ${route}`, schema, specFor(route));
  return v(body) ? [] : describe(v.errors).map((e) => `${where}: ${e}`);
}

/**
 * Errors of a value against one component schema, e.g. labeled-issue-event: stricter than a
 * response check where the schema is an anyOf (issue-event-for-issue) that looser members satisfy.
 */
export function validateComponent(name: string, value: unknown, spec: SpecName = 'api.github.com'): string[] {
  if (!load(spec).spec.components.schemas?.[name]) return [`openapi: no schema ${name}`];
  const v = compiled(`component ${name}`, { $ref: `${REF_PREFIX}${name}` }, spec);
  return v(value) ? [] : describe(v.errors).map((e) => `${name}: ${e}`);
}

/** The `value` of one of GitHub's own examples (components/examples), e.g. copilot-seat-detail-active. */
export function specExample(name: string, spec: SpecName = 'api.github.com'): unknown {
  const ex = load(spec).spec.components.examples?.[name];
  if (!ex) throw new Error(`openapi: no example ${name}`);
  return structuredClone(ex.value);
}
