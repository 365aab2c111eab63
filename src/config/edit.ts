// Removing users from seats.yaml in place: only the text of the removed entries is cut, so every
// comment on its own line, the order, the quoting and the blank lines of the rest stay as written.
// Pure: text in, text out. The result is parsed again and must load, with exactly those users gone.
import { isAlias, isNode, isSeq, parseDocument, visit, type Node } from 'yaml';
import { parseSeats } from './parse.ts';
import { MAX_REASON_LENGTH } from './normalize.ts';
import { CUT_MARK, cutText } from '../redact.ts';
import type { DesiredState, DesiredUser } from '../plan/types.ts';

export interface RemoveResult {
  text: string;
  /** Logins removed, as written in the file. */
  removed: string[];
  /** Logins asked for but left in the file, with why. */
  kept: { login: string; why: string }[];
}

interface Cut {
  from: number;
  to: number;
  insert?: string;
}

/** Where an item's text begins: before its anchor and tag (`&lead alice`, `!!str bob`). */
function propsStart(text: string, pos: number): number {
  let start = pos;
  for (;;) {
    let i = start;
    while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    let j = i;
    while (j > 0 && !/[\s,[\]{}-]/.test(text[j - 1] as string)) j--;
    const word = text.slice(j, i);
    if (j < i && (word.startsWith('&') || word.startsWith('!'))) start = j;
    else return start;
  }
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function lineEnd(text: string, pos: number): number {
  if (pos > 0 && text[pos - 1] === '\n') return pos;
  const nl = text.indexOf('\n', pos);
  return nl === -1 ? text.length : nl + 1;
}

/** The block item's lines: from the line of its `-` to the end of its value's last line (trailing comment included). */
function blockItemCut(text: string, node: Node): Cut {
  let dash = propsStart(text, node.range![0]);
  while (dash > 0 && /\s/.test(text[dash - 1] as string)) dash--;
  // `dash` is now just after the `-` indicator.
  // To the end of the line where its value ends: comments on lines of their own after it stay, even
  // when indented under the entry (YAML counts those in the node's range).
  return { from: lineStart(text, dash - 1), to: lineEnd(text, node.range![1]) };
}

function anchorsIn(node: Node): Set<string> {
  const anchors = new Set<string>();
  visit(node, (_key, n) => {
    if (isNode(n) && n.anchor) anchors.add(n.anchor);
  });
  return anchors;
}

/** An alias elsewhere in the file points into this item: cutting it would leave the alias dangling. */
function aliasedFromOutside(doc: ReturnType<typeof parseDocument>, node: Node): boolean {
  const anchors = anchorsIn(node);
  if (anchors.size === 0) return false;
  const [from, , to] = node.range!;
  let found = false;
  visit(doc, {
    Alias(_key, alias) {
      const at = alias.range?.[0] ?? -1;
      if (anchors.has(alias.source) && (at < from || at >= to)) found = true;
    },
  });
  return found;
}

function flowCuts(text: string, items: Node[], drop: Set<number>, seq: Node): Cut[] {
  if (drop.size === items.length) return [{ from: seq.range![0], to: seq.range![1], insert: '[]' }];
  const start = (i: number) => propsStart(text, items[i]!.range![0]);
  let tail = items.length;
  while (tail > 0 && drop.has(tail - 1)) tail--;
  const cuts: Cut[] = [];
  for (const i of drop) if (i < tail) cuts.push({ from: start(i), to: start(i + 1) });
  if (tail < items.length) {
    cuts.push({ from: items[tail - 1]!.range![1], to: items[items.length - 1]!.range![1] });
  }
  return cuts;
}

function applyCuts(text: string, cuts: Cut[]): string {
  let out = text;
  for (const c of [...cuts].sort((a, b) => b.from - a.from)) {
    out = out.slice(0, c.from) + (c.insert ?? '') + out.slice(c.to);
  }
  return out;
}

/**
 * Removes the users whose keys are listed from `users:`. Throws when the file does not load, or
 * when the edited text would not load with exactly those users gone (nothing half-done comes out).
 */
export function removeUsers(text: string, keys: ReadonlySet<string>, file = 'seats.yaml'): RemoveResult {
  const before = parseSeats(text, file);
  if (!before.desired)
    throw new Error(`${file} does not load: ${before.errors[0]?.message ?? 'unknown error'}`);
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: false, logLevel: 'error' });
  const seq = doc.get('users', true);
  const result: RemoveResult = { text, removed: [], kept: [] };
  if (!isSeq(seq) || keys.size === 0) return result;
  const items = seq.items as Node[];
  const drop = new Set<number>();
  before.desired.users.forEach((user, i) => {
    if (!keys.has(user.key)) return;
    const node = items[i];
    if (!node) return;
    if (!isAlias(node) && aliasedFromOutside(doc, node)) {
      result.kept.push({ login: user.login, why: 'its anchor is used elsewhere in the file' });
    } else {
      drop.add(i);
      result.removed.push(user.login);
    }
  });
  if (drop.size === 0) return result;
  let cuts: Cut[];
  if (seq.flow) cuts = flowCuts(text, items, drop, seq);
  else {
    cuts = [...drop].map((i) => blockItemCut(text, items[i]!));
    if (drop.size === items.length) {
      // An empty block list would be null: write `users: []`.
      const pair = (doc.contents as { items: { key: Node; value: unknown }[] }).items.find(
        (p) => p.value === seq,
      );
      const colon = text.indexOf(':', pair!.key.range![1]);
      cuts.push({ from: colon + 1, to: colon + 1, insert: ' []' });
    }
  }
  result.text = applyCuts(text, cuts);
  verify(result, before.desired.users, keys, file);
  return result;
}

function verify(
  result: RemoveResult,
  users: readonly { key: string }[],
  keys: ReadonlySet<string>,
  file: string,
): void {
  const after = parseSeats(result.text, file);
  if (!after.desired) {
    throw new Error(`removing users left ${file} unloadable: ${after.errors[0]?.message ?? 'unknown error'}`);
  }
  const removed = new Set(result.removed.map((l) => l.toLowerCase()));
  const expected = users.map((u) => u.key).filter((k) => !(keys.has(k) && removed.has(k)));
  const got = after.desired.users.map((u) => u.key);
  if (expected.join('\n') !== got.join('\n')) {
    throw new Error(`removing users from ${file} changed other entries: refusing to write it`);
  }
}

// ---------------------------------------------------------------- adding a user

/** The entry `addUser` writes: the login, and the reason and end date when given. */
export interface NewUser {
  login: string;
  reason?: string;
  /** YYYY-MM-DD. */
  expires?: string;
}

export interface AddResult {
  text: string;
  /** added: a new last entry of `users:`; updated: the login's entry was rewritten in place. */
  action: 'added' | 'updated' | 'unchanged';
}

/** One line, at most MAX_REASON_LENGTH characters: what the file will hold, as normalize reads it. */
function cleanReason(reason: string): string {
  const one = reason.replace(/\s+/g, ' ').trim();
  return one.length <= MAX_REASON_LENGTH ? one : cutText(one, MAX_REASON_LENGTH - CUT_MARK.length);
}

/** A scalar as YAML (core schema) reads back the same string: plain when it is, else double-quoted. */
function scalar(value: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_ .-]*$/.test(value) && !/ $/.test(value)) {
    const back = parseDocument(value, { schema: 'core', logLevel: 'silent' });
    if (back.errors.length === 0 && back.toJS() === value) return value;
  }
  return JSON.stringify(value);
}

function entryFields(user: NewUser): [string, string][] {
  const fields: [string, string][] = [['login', scalar(user.login)]];
  if (user.reason !== undefined) fields.push(['reason', scalar(user.reason)]);
  if (user.expires !== undefined) fields.push(['expires', user.expires]);
  return fields;
}

function blockEntry(user: NewUser, indent: string): string {
  return entryFields(user)
    .map(([k, v], i) => `${indent}${i === 0 ? '- ' : '  '}${k}: ${v}\n`)
    .join('');
}

function flowEntry(user: NewUser): string {
  return `{ ${entryFields(user)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} }`;
}

/** Where the `-` of a block item is. */
function dashOf(text: string, node: Node): number {
  let dash = propsStart(text, node.range![0]);
  while (dash > 0 && /\s/.test(text[dash - 1] as string)) dash--;
  return dash - 1;
}

/**
 * Adds `user` to `users:`, as the last entry of the list (block or flow, as the file writes it),
 * or rewrites the login's own entry when the file lists it already (its reason and end date then
 * become the given ones). Nothing else in the text changes. Throws when the file does not load,
 * when the login's entry carries an anchor used elsewhere, or when the edited text would not load
 * with exactly that entry changed.
 */
export function addUser(text: string, entry: NewUser, file = 'seats.yaml'): AddResult {
  const before = parseSeats(text, file);
  if (!before.desired)
    throw new Error(`${file} does not load: ${before.errors[0]?.message ?? 'unknown error'}`);
  const user: NewUser = {
    login: entry.login,
    ...(entry.reason !== undefined ? { reason: cleanReason(entry.reason) } : {}),
    ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
  };
  const key = user.login.toLowerCase();
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: false, logLevel: 'error' });
  const seq = doc.get('users', true);
  const index = before.desired.users.findIndex((u) => u.key === key);
  const existing = before.desired.users[index];
  if (existing && existing.reason === user.reason && existing.expires === user.expires) {
    return { text, action: 'unchanged' };
  }
  let cut: Cut;
  if (!isSeq(seq)) {
    // No `users:` key: a new one at the end of the file.
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    cut = { from: text.length, to: text.length, insert: `${sep}users:\n${blockEntry(user, '  ')}` };
  } else {
    const items = seq.items as Node[];
    const node = items[index];
    if (node && !isAlias(node) && aliasedFromOutside(doc, node)) {
      throw new Error(`${user.login}'s entry in ${file} has an anchor used elsewhere: edit it by hand`);
    }
    cut = node ? replaceCut(text, seq.flow === true, node, user) : appendCut(text, seq, items, user);
  }
  const result: AddResult = { text: applyCuts(text, [cut]), action: existing ? 'updated' : 'added' };
  verifyAdd(result.text, before.desired, user, index, file);
  return result;
}

function replaceCut(text: string, flow: boolean, node: Node, user: NewUser): Cut {
  if (flow) return { from: propsStart(text, node.range![0]), to: node.range![1], insert: flowEntry(user) };
  const dash = dashOf(text, node);
  const from = lineStart(text, dash);
  const indent = text.slice(from, dash);
  const to = lineEnd(text, node.range![1]);
  const nl = to === text.length && !text.endsWith('\n') ? '' : '\n';
  return { from, to, insert: blockEntry(user, indent).slice(0, nl ? undefined : -1) };
}

function appendCut(text: string, seq: Node & { flow?: boolean }, items: Node[], user: NewUser): Cut {
  const last = items[items.length - 1];
  if (seq.flow) {
    if (!last) {
      // `[]` (or `[ ]`, with comments inside): the entry between the brackets.
      return { from: seq.range![0], to: seq.range![1], insert: `[${flowEntry(user)}]` };
    }
    return { from: last.range![1], to: last.range![1], insert: `, ${flowEntry(user)}` };
  }
  // A block list has at least one item (an empty one is `[]`, flow).
  const dash = dashOf(text, last!);
  const indent = ' '.repeat(dash - lineStart(text, dash));
  const at = lineEnd(text, last!.range![1]);
  const sep = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { from: at, to: at, insert: `${sep}${blockEntry(user, indent)}` };
}

/** The edited file loads, and differs from the original only by the user's entry. */
function verifyAdd(text: string, before: DesiredState, user: NewUser, index: number, file: string): void {
  const after = parseSeats(text, file);
  if (!after.desired) {
    throw new Error(
      `adding ${user.login} left ${file} unloadable: ${after.errors[0]?.message ?? 'unknown error'}`,
    );
  }
  const plain = (d: DesiredState) =>
    JSON.stringify(d, (k, v: unknown) => (k === 'pos' || k === 'file' ? undefined : v));
  const added: DesiredUser = { ...user, key: user.login.toLowerCase() };
  const users = [...before.users];
  if (index >= 0) users[index] = added;
  else users.push(added);
  const expected = {
    ...before,
    users: users.map(({ login, key, reason, expires }) => ({ login, key, reason, expires })),
  };
  const got = {
    ...after.desired,
    users: after.desired.users.map(({ login, key, reason, expires }) => ({ login, key, reason, expires })),
  };
  if (plain(expected) !== plain(got)) {
    throw new Error(`adding ${user.login} to ${file} changed other entries: refusing to write it`);
  }
}
