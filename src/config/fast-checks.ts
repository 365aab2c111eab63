// The name rules of checks.ts as one yes/no question, for the fast path: a big file has a hundred
// thousand names, and nameProblems() builds a reference, a pointer and a position for each before it
// knows whether any name is written twice. This answers "could nameProblems() find anything?" with
// one set of lower-case names a list and nothing else. A yes (or anything it does not expect) sends
// the file to nameProblems() and the full parser, which word the problems.
//
// It must never say no where nameProblems() reports something: it looks at the same names
// (a string entry, or the mapping's string `login` / `slug`; an exemption's string `login` /
// `team`), compares them the same way (lower case), and asks the same two questions (a name twice
// in one list; a name both listed and exempt). test/property/fast-parse.property.test.ts checks it
// against nameProblems() on generated files.

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Lower-case names of a list, or null when one is there twice. */
function keysOf(list: unknown, field: string, shortForm: boolean): Set<string> | null {
  const keys = new Set<string>();
  if (!Array.isArray(list)) return keys;
  for (const entry of list) {
    let name: unknown;
    if (typeof entry === 'string') name = shortForm ? entry : undefined;
    else if (isRecord(entry)) name = entry[field];
    if (typeof name !== 'string') continue;
    const key = name.toLowerCase();
    if (keys.has(key)) return null;
    keys.add(key);
  }
  return keys;
}

function overlap(a: Set<string>, b: Set<string>): boolean {
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const key of small) if (big.has(key)) return true;
  return false;
}

/** True when nameProblems(data) is certainly empty; false when it may not be. */
export function namesClean(data: Record<string, unknown>): boolean {
  const users = keysOf(data.users, 'login', true);
  const teams = keysOf(data.teams, 'slug', true);
  const exemptUsers = keysOf(data.exempt, 'login', false);
  const exemptTeams = keysOf(data.exempt, 'team', false);
  if (!users || !teams || !exemptUsers || !exemptTeams) return false;
  return !overlap(users, exemptUsers) && !overlap(teams, exemptTeams);
}
