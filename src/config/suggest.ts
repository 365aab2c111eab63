// "Did you mean …?" for unknown keys: the closest allowed key by edit distance, plus the
// synonyms people reach for (an exemption's `slug` is its `team`, a user's `name` its `login`).

/** Levenshtein distance, two rows at a time (keys are short). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}

const SYNONYMS: Record<string, string[]> = {
  login: ['user', 'username', 'name', 'handle'],
  slug: ['team', 'name'],
  team: ['slug', 'group'],
  users: ['members', 'seats', 'logins'],
  exempt: ['exempted', 'exemptions', 'exclude', 'ignore'],
  expires: ['expiry', 'expire', 'until', 'expiration', 'expires_at', 'expiry_date'],
  reason: ['comment', 'note', 'why'],
  org: ['organization', 'organisation', 'owner'],
  max_removals: ['max_removal', 'max_cancellations'],
  inactive_days: ['idle_days'],
  seat_cost: ['seat_price', 'cost', 'price'],
};

/** The allowed key `key` was probably meant to be, or null when none is close. */
export function suggestKey(key: string, allowed: readonly string[]): string | null {
  const k = key.toLowerCase().replace(/-/g, '_');
  if (allowed.includes(k)) return k;
  const synonym = allowed.find((a) => SYNONYMS[a]?.includes(k));
  if (synonym) return synonym;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const a of allowed) {
    const d = editDistance(k, a);
    // A short key is "close" to almost anything; demand that most of it survives.
    if (d <= 2 && d < k.length && d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}
