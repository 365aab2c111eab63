// Problems at the YAML level, before the document is read as seats.yaml: syntax, several
// documents, duplicate keys, tags, aliases. Messages say what to change in the file, with a hint
// for the syntax errors people make by hand (indentation, tabs, `@octocat`, `a: b` in a value).
import { isAlias, isCollection, isMap, isPair, isScalar, type Alias, type Document, type Node } from 'yaml';
import type { YAMLError } from 'yaml';
import type { ConfigError } from '../plan/types.ts';
import { joinPointer, keyText, type Locator } from './locate.ts';

/** Alias expansions allowed when the document becomes plain data (billion laughs stop here). */
export const MAX_ALIAS_COUNT = 100;

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}

/** Beyond this, a value quoted back in a hint is cut: it comes from the file. */
const QUOTED_MAX = 40;

function quoted(value: string): string {
  const cut = value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}…` : value;
  return `'${cut.replace(/'/g, "''")}'`;
}

/** The line of `text` that holds `offset`, split at the offset. */
function lineAround(text: string, offset: number): { before: string; after: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { before: text.slice(start, offset), after: text.slice(offset, end < 0 ? text.length : end) };
}

const INDENT_HINT =
  'check the indentation: the keys of one entry (login, reason, expires) start in the same column, and every level is indented with spaces';

/** Syntax errors whose cause is most often the indentation (or a tab in it). */
function isIndentation(e: YAMLError): boolean {
  return (
    e.code === 'BAD_INDENT' ||
    e.code === 'BLOCK_AS_IMPLICIT_KEY' ||
    e.code === 'MULTILINE_IMPLICIT_KEY' ||
    (e.code === 'MISSING_CHAR' && /without - indicator/.test(e.message))
  );
}

/** A hint for a syntax error a person makes by hand: indentation, tabs, `@octocat`, `a: b` in a value. */
function hinted(e: YAMLError, text: string): string | null {
  const { before, after } = lineAround(text, e.pos[0]);
  if (e.code === 'BAD_SCALAR_START') {
    const value = /^[^\s,\]}#]+/.exec(after)?.[0] ?? '';
    if (value.startsWith('@')) {
      return `YAML syntax error: a plain value cannot start with '@': write the name without it (${quoted(value.slice(1))}), or quote it (${quoted(value)})`;
    }
    return `YAML syntax error: a plain value cannot start with '${value[0] ?? ''}': quote it (${quoted(value)})`;
  }
  if (!isIndentation(e)) return null;
  const indent = /^[ \t]*/.exec(before + after)?.[0] ?? '';
  if (indent.includes('\t')) return `YAML does not allow tabs for indentation: indent with spaces`;
  if (e.code === 'BAD_INDENT' || e.code === 'MISSING_CHAR') {
    return `YAML syntax error: ${firstLine(e.message)}: ${INDENT_HINT}`;
  }
  // `login: a: b` and a key indented too deep read alike to YAML: a key where a value should be.
  const value = after.replace(/\s+#.*$/, '').trim();
  if (/:\s/.test(value)) return `YAML syntax error: a value holds ': ': quote it (${quoted(value)})`;
  return `YAML syntax error: a key is indented where YAML does not expect one: ${INDENT_HINT}`;
}

function yamlMessage(e: YAMLError, text: string): string {
  const hint = hinted(e, text);
  if (hint !== null) return hint;
  switch (e.code) {
    case 'MULTIPLE_DOCS':
      return `the file holds more than one YAML document (a second '---' starts here): keep one document`;
    case 'TAB_AS_INDENT':
      return `YAML does not allow tabs for indentation: indent with spaces`;
    case 'TAG_RESOLVE_FAILED': {
      const tag = /Unresolved tag: (\S+)/.exec(e.message)?.[1] ?? '';
      return `unknown YAML tag '${tag}': seats.yaml uses no tags`;
    }
    default:
      // The parser recurses per level: a hostile document nested thousands deep exhausts the stack.
      if (/Maximum call stack size exceeded/.test(e.message)) {
        return `the document is nested far too deeply to read (seats.yaml needs at most four levels)`;
      }
      return `YAML syntax error: ${firstLine(e.message)}`;
  }
}

/** Errors and warnings of the YAML parser, as ConfigErrors; `text` is the source, for the hints. */
export function yamlProblems(doc: Document, locator: Locator, text: string): ConfigError[] {
  return [...doc.errors, ...doc.warnings].map((e) => locator.errorAtOffset(e.pos[0], yamlMessage(e, text)));
}

/** Every node of the tree, with its pointer, without following aliases. */
function walk(
  node: unknown,
  segments: (string | number)[],
  visitNode: (n: Node, s: (string | number)[]) => void,
) {
  if (!node || !(isCollection(node) || isScalar(node) || isAlias(node))) return;
  visitNode(node, segments);
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      walk(pair.value, [...segments, keyText(pair.key) ?? '?'], visitNode);
    }
  } else if (isCollection(node)) {
    node.items.forEach((item, i) => walk(item, [...segments, i], visitNode));
  }
}

/** A key written twice in one mapping: YAML would silently keep only the last. */
export function duplicateKeys(doc: Document, locator: Locator): ConfigError[] {
  const errors: ConfigError[] = [];
  walk(doc.contents, [], (node, segments) => {
    if (!isMap(node)) return;
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === null || !isScalar(pair.key) || !pair.key.range) continue;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, pair.key.range[0]);
        continue;
      }
      const firstLineNo = locator.posOfOffset(first).line;
      const message = `duplicate key '${key}' (also at line ${firstLineNo}): write it once`;
      errors.push(locator.errorAtOffset(pair.key.range[0], message, joinPointer([...segments, key])));
    }
  });
  return errors;
}

/** A list or mapping used as a key (`? [a, b]`): no key of seats.yaml looks like that. */
export function collectionKeys(doc: Document, locator: Locator): ConfigError[] {
  const errors: ConfigError[] = [];
  walk(doc.contents, [], (node) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isCollection(pair.key) || !pair.key.range) continue;
      const message = `a key must be a plain word, not a ${isMap(pair.key) ? 'mapping' : 'list'}`;
      errors.push(locator.errorAtOffset(pair.key.range[0], message));
    }
  });
  return errors;
}

function aliases(doc: Document): { alias: Alias; segments: (string | number)[] }[] {
  const found: { alias: Alias; segments: (string | number)[] }[] = [];
  walk(doc.contents, [], (node, segments) => {
    if (isAlias(node)) found.push({ alias: node, segments });
  });
  return found;
}

/** The document as plain data, or the errors that stop it: unknown aliases, too many expansions. */
export function toPlainData(doc: Document, locator: Locator): { data: unknown; errors: ConfigError[] } {
  const all = aliases(doc);
  const unresolved = all.filter(({ alias }) => alias.resolve(doc) === undefined);
  if (unresolved.length > 0) {
    const errors = unresolved.map(({ alias, segments }) =>
      locator.error(
        joinPointer(segments),
        `alias '*${alias.source}' refers to no anchor: define '&${alias.source}' before it`,
      ),
    );
    return { data: undefined, errors };
  }
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), errors: [] };
  } catch (e) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount (an "alias bomb").
    const where = all[0] ? joinPointer(all[0].segments) : '';
    const detail = e instanceof Error ? e.message : String(e);
    const message = `aliases expand too much (${detail}; at most ${MAX_ALIAS_COUNT} expansions): write the entries out`;
    return { data: undefined, errors: [locator.error(where, message)] };
  }
}
