// Bad seats.yaml files: each case asserts the message and the line and column it points to.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import type { ConfigError } from '../../src/plan/types.ts';

interface BadCase {
  name: string;
  yaml: string;
  message: RegExp;
  line: number;
  column: number;
  path?: string;
}

const HEAD = 'version: 1\norg: acme\n'; // lines 1-2 of most cases

const cases: BadCase[] = [
  // ---------------------------------------------------------------- the file as a whole
  { name: 'empty file', yaml: '', message: /the file is empty/, line: 1, column: 1 },
  {
    name: 'only comments',
    yaml: '# seats\n\n# none yet\n',
    message: /the file is empty/,
    line: 1,
    column: 1,
  },
  {
    name: 'top level is a list',
    yaml: '- octocat\n',
    message: /top level must be a mapping .* not a list/,
    line: 1,
    column: 1,
  },
  {
    name: 'top level is a scalar',
    yaml: 'hello\n',
    message:
      /top level must be a mapping .* not a single value \(5 characters, not shown\): is this the seats file\?$/,
    line: 1,
    column: 1,
  },
  {
    name: 'top level is ~',
    yaml: '~\n',
    message: /top level must be a mapping .* not null/,
    line: 1,
    column: 1,
  },
  {
    name: 'two documents',
    yaml: HEAD + '---\nversion: 1\n',
    message: /more than one YAML document/,
    line: 3,
    column: 1,
  },
  {
    name: 'unclosed flow sequence',
    yaml: HEAD + 'users: [octocat, monalisa\nteams: []\n',
    message: /^YAML syntax error: .*\]/,
    line: 4,
    column: 1,
  },
  {
    name: 'unclosed quote',
    yaml: HEAD + 'users:\n  - "octocat\n',
    message: /^YAML syntax error: Missing closing "quote/,
    line: 5,
    column: 1,
  },
  {
    name: 'tab indentation',
    yaml: HEAD + 'users:\n\t- octocat\n',
    message: /tabs for indentation/,
    line: 4,
    column: 1,
  },
  {
    name: 'a tab after spaces in the indentation',
    yaml: HEAD + 'users:\n  - login: octocat\n  \treason: x\n',
    message: /^YAML does not allow tabs for indentation: indent with spaces$/,
    line: 5,
    column: 1,
  },
  {
    name: '@ at the start of a login',
    yaml: HEAD + 'users:\n  - @octocat\n',
    message:
      /^YAML syntax error: a plain value cannot start with '@': write the name without it \('octocat'\), or quote it \('@octocat'\)$/,
    line: 4,
    column: 5,
  },
  {
    name: '@ at the start of a value',
    yaml: HEAD + 'users:\n  - login: @octocat # the pilot\n',
    message: /cannot start with '@': write the name without it \('octocat'\)/,
    line: 4,
    column: 12,
  },
  {
    name: 'a backtick at the start of a value',
    yaml: HEAD + 'users:\n  - `octocat`\n',
    message: /^YAML syntax error: a plain value cannot start with '`': quote it \('`octocat`'\)$/,
    line: 4,
    column: 5,
  },
  {
    name: 'a key of an entry indented less than the first',
    yaml: HEAD + 'users:\n  - login: octocat\n  reason: x\n',
    message: /^YAML syntax error: All mapping items must start at the same column: check the indentation/,
    line: 5,
    column: 1,
  },
  {
    name: 'a key of an entry indented one space too deep',
    yaml: HEAD + 'users:\n  - login: octocat\n   reason: x\n',
    message: /^YAML syntax error: Sequence item without - indicator: check the indentation/,
    line: 5,
    column: 1,
  },
  {
    name: 'a key of an entry indented far too deep',
    yaml: HEAD + 'users:\n  - login: octocat\n      reason: x\n',
    message:
      /^YAML syntax error: a key is indented where YAML does not expect one: check the indentation: the keys of one entry \(login, reason, expires\) start in the same column/,
    line: 4,
    column: 12,
  },
  {
    name: 'a value holding a colon',
    yaml: HEAD + 'users:\n  - login: octocat\n    reason: pilot: ML\n',
    message: /^YAML syntax error: a value holds ': ': quote it \('pilot: ML'\)$/,
    line: 5,
    column: 13,
  },
  {
    name: 'duplicate top-level key',
    yaml: HEAD + 'users: []\norg: other\n',
    message: /^duplicate key 'org' \(also at line 2\)/,
    line: 4,
    column: 1,
    path: '/org',
  },
  {
    name: 'duplicate key in an entry',
    yaml: HEAD + 'users:\n  - login: octocat\n    reason: a\n    reason: b\n',
    message: /^duplicate key 'reason' \(also at line 5\)/,
    line: 6,
    column: 5,
    path: '/users/0/reason',
  },
  {
    name: 'unknown YAML tag',
    yaml: HEAD + 'users:\n  - !user octocat\n',
    message: /^unknown YAML tag '!user': seats.yaml uses no tags$/,
    line: 4,
    column: 5,
  },
  {
    name: 'alias bomb',
    yaml:
      HEAD +
      'a: &a [x, x, x, x, x, x, x, x, x, x]\n' +
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n' +
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    message: /^aliases expand too much/,
    line: 4,
    column: 8,
  },
  {
    name: 'alias without anchor',
    yaml: HEAD + 'users:\n  - *pilot\n',
    message: /alias '\*pilot' refers to no anchor/,
    line: 4,
    column: 5,
    path: '/users/0',
  },

  // ---------------------------------------------------------------- version and org
  {
    name: 'missing version',
    yaml: 'org: acme\n',
    message: /missing 'version: 1'/,
    line: 1,
    column: 1,
    path: '',
  },
  { name: 'missing org', yaml: 'version: 1\nusers: []\n', message: /missing 'org'/, line: 1, column: 1 },
  {
    name: 'version 2',
    yaml: 'version: 2\norg: acme\n',
    message: /'version' must be 1, got the number 2/,
    line: 1,
    column: 10,
    path: '/version',
  },
  {
    name: 'version quoted',
    yaml: 'version: "1"\norg: acme\n',
    message: /version must be the number 1, without quotes/,
    line: 1,
    column: 10,
  },
  {
    name: 'org is a number',
    yaml: 'version: 1\norg: 1234\n',
    message: /'org' must be the organization login as text, got the number 1234; .*quote it: "1234"/,
    line: 2,
    column: 6,
  },
  {
    name: 'org with a leading hyphen',
    yaml: 'version: 1\norg: -acme\n',
    message: /'-acme' is not a valid organization login: .*cannot start or end with a hyphen/,
    line: 2,
    column: 6,
  },
  {
    name: 'org as a URL path',
    yaml: 'version: 1\norg: github.com/acme\n',
    message: /not a valid organization login: write only the organization login, without '\/'/,
    line: 2,
    column: 6,
  },

  // ---------------------------------------------------------------- unknown keys
  {
    name: 'misspelt top-level key',
    yaml: HEAD + 'user:\n  - octocat\n',
    message: /^unknown key 'user' at the top level; did you mean 'users'\?$/,
    line: 3,
    column: 1,
    path: '/user',
  },
  {
    name: 'top-level key in the wrong case',
    yaml: HEAD + 'Teams: []\n',
    message: /unknown key 'Teams' at the top level; did you mean 'teams'\?/,
    line: 3,
    column: 1,
  },
  {
    name: 'unknown top-level key far from any',
    yaml: HEAD + 'colour: red\n',
    message:
      /unknown key 'colour' at the top level \(allowed: version, org, enterprise, users, teams, exempt, policy\)/,
    line: 3,
    column: 1,
  },
  {
    name: 'synonym in a user entry',
    yaml: HEAD + 'users:\n  - login: octocat\n    expiry: 2027-01-31\n',
    message: /unknown key 'expiry' in a user entry; did you mean 'expires'\?/,
    line: 5,
    column: 5,
    path: '/users/0/expiry',
  },
  {
    name: 'misspelt policy key',
    yaml: HEAD + 'policy:\n  max_removal: 3\n',
    message: /unknown key 'max_removal' in 'policy'; did you mean 'max_removals'\?/,
    line: 4,
    column: 3,
  },
  {
    name: 'slug in an exemption',
    yaml: HEAD + 'exempt:\n  - slug: contractors\n',
    message: /unknown key 'slug' in an exemption; did you mean 'team'\?/,
    line: 4,
    column: 5,
  },
  {
    name: 'expires in a team entry',
    yaml: HEAD + 'teams:\n  - slug: eng\n    expires: 2027-01-01\n',
    message: /unknown key 'expires' in a team entry \(allowed: slug, reason\)/,
    line: 5,
    column: 5,
  },

  // ---------------------------------------------------------------- values that are not names
  {
    name: 'a number as a login',
    yaml: HEAD + 'users:\n  - 123\n',
    message: /a user entry must be .*got the number 123; if '123' is meant as text, quote it: "123"/,
    line: 4,
    column: 5,
    path: '/users/0',
  },
  {
    name: 'a leading-zero number keeps its spelling in the hint',
    yaml: HEAD + 'users:\n  - octocat\n  - 0042\n',
    message: /got the number 0042; .*quote it: "0042"/,
    line: 5,
    column: 5,
  },
  {
    name: 'a boolean as a login',
    yaml: HEAD + 'users:\n  - true\n',
    message: /got true \(a boolean in YAML\); .*quote it: "true"/,
    line: 4,
    column: 5,
  },
  {
    name: 'null as a login',
    yaml: HEAD + 'users:\n  - null\n',
    message: /got null; if 'null' is meant as text, quote it: "null"/,
    line: 4,
    column: 5,
  },
  {
    name: '~ as a login',
    yaml: HEAD + 'users:\n  - ~\n',
    message: /got ~ \(null in YAML\)/,
    line: 4,
    column: 5,
  },
  {
    name: 'an empty list entry',
    yaml: HEAD + 'users:\n  - octocat\n  -\n',
    message: /empty list entry: write a login or a mapping with 'login' after the '-'/,
    line: 5,
    column: 4,
    path: '/users/1',
  },
  {
    name: 'a number as a long-form login',
    yaml: HEAD + 'users:\n  - login: 42\n',
    message: /'login' must be a GitHub login as text, got the number 42/,
    line: 4,
    column: 12,
    path: '/users/0/login',
  },
  {
    name: 'a number as a team slug',
    yaml: HEAD + 'teams:\n  - 2024\n',
    message: /a team entry must be a team slug or a mapping with 'slug', got the number 2024; .*"2024"/,
    line: 4,
    column: 5,
  },
  {
    name: 'a list as a login',
    yaml: HEAD + 'users:\n  - [octocat]\n',
    message: /a user entry must be a login or a mapping with 'login', got a list$/,
    line: 4,
    column: 5,
  },
  {
    name: 'users with no entries',
    yaml: HEAD + 'users:\nteams: []\n',
    message: /'users' has no entries: write 'users: \[\]' or remove the key/,
    line: 3,
    column: 7,
    path: '/users',
  },
  {
    name: 'teams as a scalar',
    yaml: HEAD + 'teams: engineering\n',
    message: /'teams' must be a list, got 'engineering'/,
    line: 3,
    column: 8,
  },
  {
    name: 'users as a mapping',
    yaml: HEAD + 'users:\n  octocat: yes\n',
    message: /'users' must be a list, got a mapping/,
    line: 4,
    column: 3,
  },
  {
    name: 'reason as a number',
    yaml: HEAD + 'teams:\n  - slug: eng\n    reason: 2024\n',
    message: /'reason' must be text, got the number 2024; .*"2024"/,
    line: 5,
    column: 13,
  },

  // ---------------------------------------------------------------- login and slug syntax
  {
    name: 'login with a leading hyphen',
    yaml: HEAD + 'users:\n  - "-octocat"\n',
    message: /^'-octocat' is not a valid GitHub login: a login cannot start with a hyphen$/,
    line: 4,
    column: 5,
  },
  {
    name: 'exempt login with a leading hyphen (long form)',
    yaml: HEAD + 'exempt:\n  - login: "-gil--"\n',
    message: /^'-gil--' is not a valid GitHub login: a login cannot start with a hyphen$/,
    line: 4,
    column: 12,
    path: '/exempt/0/login',
  },
  {
    name: 'EMU login whose name starts with a hyphen',
    yaml: HEAD + 'users:\n  - "-mona_acme"\n',
    message: /a login cannot start with a hyphen/,
    line: 4,
    column: 5,
  },
  {
    name: 'login longer than 39 characters',
    yaml: HEAD + `users:\n  - ${'a'.repeat(40)}\n`,
    message: /at most 39 characters \(this one has 40\)/,
    line: 4,
    column: 5,
  },
  {
    name: 'login with an @',
    yaml: HEAD + 'users:\n  - "@octocat"\n',
    message: /'@octocat' is not a valid GitHub login: write it without the '@'/,
    line: 4,
    column: 5,
  },
  {
    name: 'a very long value is cut short in the message',
    yaml: HEAD + `users:\n  - "${'x'.repeat(200)}!"\n`,
    message: /^'x{57}…' is not a valid GitHub login: a login has at most 39 characters \(this one has 201\)$/,
    line: 4,
    column: 5,
  },
  {
    name: 'login with a space',
    yaml: HEAD + 'users:\n  - octo cat\n',
    message: /'octo cat' is not a valid GitHub login: a login has no spaces/,
    line: 4,
    column: 5,
  },
  {
    name: 'login with a dot',
    yaml: HEAD + 'users:\n  - octo.cat\n',
    message: /a login holds only letters, digits and hyphens \(found '\.'\)/,
    line: 4,
    column: 5,
  },
  {
    name: 'underscore without a shortcode',
    yaml: HEAD + 'users:\n  - mona_\n',
    message: /only Enterprise Managed User logins have an underscore, written name_shortcode/,
    line: 4,
    column: 5,
  },
  {
    name: 'team written with its org',
    yaml: HEAD + 'teams:\n  - acme/engineering\n',
    message:
      /'acme\/engineering' is not a valid team slug: write the slug without the organization: 'engineering'/,
    line: 4,
    column: 5,
  },
  {
    name: 'team display name instead of slug',
    yaml: HEAD + 'teams:\n  - slug: Data Science\n',
    message:
      /'Data Science' is not a valid team slug: .*no spaces: write the slug, not the team's name \(perhaps 'data-science'\)/,
    line: 4,
    column: 11,
  },
  {
    name: 'team slug starting with a hyphen',
    yaml: HEAD + 'exempt:\n  - team: "-eng"\n',
    message: /'-eng' is not a valid team slug: a team slug starts with a letter or a digit/,
    line: 4,
    column: 11,
    path: '/exempt/0/team',
  },

  // ---------------------------------------------------------------- duplicates, desired and exempt
  {
    name: 'duplicate user',
    yaml: HEAD + 'users:\n  - octocat\n  - monalisa\n  - octocat\n',
    message: /^duplicate user 'octocat' \(also at line 4\)$/,
    line: 6,
    column: 5,
    path: '/users/2',
  },
  {
    name: 'duplicate user in another case and form',
    yaml: HEAD + 'users:\n  - octocat\n  - login: OctoCat\n    reason: again\n',
    message: /^duplicate user 'OctoCat' \(also at line 4 as 'octocat'\)$/,
    line: 5,
    column: 12,
    path: '/users/1/login',
  },
  {
    name: 'duplicate team',
    yaml: HEAD + 'teams:\n  - slug: Engineering\n  - engineering\n',
    message: /duplicate team 'engineering' \(also at line 4 as 'Engineering'\)/,
    line: 5,
    column: 5,
  },
  {
    name: 'duplicate exemption',
    yaml: HEAD + 'exempt:\n  - login: ceo\n  - login: CEO\n',
    message: /duplicate exemption for user 'CEO' \(also at line 4 as 'ceo'\)/,
    line: 5,
    column: 12,
  },
  {
    name: 'user both desired and exempt',
    yaml: HEAD + 'users:\n  - ceo\nexempt:\n  - login: Ceo\n',
    message: /user 'Ceo' is both in users \(line 4\) and exempt/,
    line: 6,
    column: 12,
    path: '/exempt/0/login',
  },
  {
    name: 'team both desired and exempt',
    yaml: HEAD + 'teams: [contractors]\nexempt:\n  - team: contractors\n',
    message: /team 'contractors' is both in teams \(line 3\) and exempt/,
    line: 5,
    column: 11,
  },

  // ---------------------------------------------------------------- exemptions
  {
    name: 'exemption in short form',
    yaml: HEAD + 'exempt:\n  - ceo\n',
    message: /an exemption is a mapping: write '- login: ceo' \(a user\) or '- team: ceo' \(a team\)/,
    line: 4,
    column: 5,
  },
  {
    name: 'exemption with login and team',
    yaml: HEAD + 'exempt:\n  - login: ceo\n    team: board\n',
    message: /either 'login' or 'team', not both/,
    line: 4,
    column: 5,
    path: '/exempt/0',
  },
  {
    name: 'exemption with neither login nor team',
    yaml: HEAD + 'exempt:\n  - reason: by hand\n',
    message: /an exemption needs 'login' \(a user\) or 'team' \(a team\)/,
    line: 4,
    column: 5,
  },
  {
    name: 'user entry without login',
    yaml: HEAD + 'users:\n  - reason: pilot\n',
    message: /a user entry needs 'login'/,
    line: 4,
    column: 5,
    path: '/users/0',
  },
  {
    name: 'team entry without slug',
    yaml: HEAD + 'teams:\n  - reason: pilot\n',
    message: /a team entry needs 'slug'/,
    line: 4,
    column: 5,
  },

  // ---------------------------------------------------------------- dates
  {
    name: 'a day that does not exist',
    yaml: HEAD + 'users:\n  - login: monalisa\n    expires: 2027-02-30\n',
    message: /'2027-02-30' is not a real date/,
    line: 5,
    column: 14,
    path: '/users/0/expires',
  },
  {
    name: '29 February outside a leap year',
    yaml: HEAD + 'exempt:\n  - login: ceo\n    expires: 2027-02-29\n',
    message: /'2027-02-29' is not a real date/,
    line: 5,
    column: 14,
  },
  {
    name: 'month 13',
    yaml: HEAD + 'exempt:\n  - team: board\n    expires: 2027-13-01\n',
    message: /'2027-13-01' is not a real date/,
    line: 5,
    column: 14,
  },
  {
    name: 'a date in another format',
    yaml: HEAD + 'users:\n  - login: monalisa\n    expires: 31/01/2027\n',
    message: /expires must be a date written YYYY-MM-DD \(e\.g\. 2027-01-31\), got '31\/01\/2027'/,
    line: 5,
    column: 14,
  },
  {
    name: 'a date with a time',
    yaml: HEAD + 'users:\n  - login: monalisa\n    expires: 2027-01-31T00:00:00Z\n',
    message: /YYYY-MM-DD .*got '2027-01-31T00:00:00Z'/,
    line: 5,
    column: 14,
  },
  {
    name: 'a date as a number',
    yaml: HEAD + 'users:\n  - login: monalisa\n    expires: 20270131\n',
    message: /'expires' must be a date written YYYY-MM-DD, got the number 20270131/,
    line: 5,
    column: 14,
  },

  // ---------------------------------------------------------------- policy
  {
    name: 'max_removals over 100%',
    yaml: HEAD + 'policy:\n  max_removals: 150%\n',
    message: /'max_removals' must be a count like 5 or a percentage from 0% to 100% like '25%', got '150%'/,
    line: 4,
    column: 17,
    path: '/policy/max_removals',
  },
  {
    name: 'max_removals negative',
    yaml: HEAD + 'policy:\n  max_removals: -1\n',
    message: /'max_removals' must be a count .*got the number -1/,
    line: 4,
    column: 17,
  },
  {
    name: 'max_removals fractional',
    yaml: HEAD + 'policy:\n  max_removals: 2.5\n',
    message: /'max_removals' must be a count .*got the number 2\.5/,
    line: 4,
    column: 17,
  },
  {
    name: 'max_removals as words',
    yaml: HEAD + 'policy:\n  max_removals: ten\n',
    message: /'max_removals' must be .*got 'ten'/,
    line: 4,
    column: 17,
  },
  {
    name: 'inactive_days zero',
    yaml: HEAD + 'policy:\n  inactive_days: 0\n',
    message: /'inactive_days' must be a whole number of days, at least 1, got the number 0/,
    line: 4,
    column: 18,
  },
  {
    name: 'inactive_days as text',
    yaml: HEAD + 'policy:\n  inactive_days: "30"\n',
    message: /'inactive_days' must be a whole number of days, at least 1, got '30'/,
    line: 4,
    column: 18,
  },
  {
    name: 'seat_cost negative',
    yaml: HEAD + 'policy:\n  seat_cost: -19\n',
    message: /'seat_cost' must be a number of USD per seat per month, 0 or more, got the number -19/,
    line: 4,
    column: 14,
  },
  {
    name: 'seat_cost with a currency',
    yaml: HEAD + 'policy:\n  seat_cost: $19\n',
    message: /'seat_cost' must be a number .*got '\$19'/,
    line: 4,
    column: 14,
  },
  {
    name: 'policy as a list',
    yaml: HEAD + 'policy:\n  - max_removals: 3\n',
    message:
      /'policy' must be a mapping \(max_removals, inactive_days, seat_cost, max_additions, unreviewed_adds, idle_signal, new_seat_grace_days, reclaim_notice, max_request_days, requesters\), got a list/,
    line: 4,
    column: 3,
  },
  {
    name: 'max_additions negative',
    yaml: HEAD + 'policy:\n  max_additions: -5\n',
    message: /^'max_additions' must be a whole number of seats, 0 or more, got the number -5$/,
    line: 4,
    column: 18,
    path: '/policy/max_additions',
  },
  {
    name: 'max_additions fractional',
    yaml: HEAD + 'policy:\n  inactive_days: 30\n  max_additions: 2.5\n',
    message: /^'max_additions' must be a whole number of seats, 0 or more, got the number 2\.5$/,
    line: 5,
    column: 18,
  },
  {
    name: 'max_additions as a percentage',
    yaml: HEAD + 'policy:\n  max_additions: 10%\n',
    message: /'max_additions' must be a whole number of seats, 0 or more, got '10%'/,
    line: 4,
    column: 18,
  },
  {
    name: 'max_additions quoted',
    yaml: HEAD + 'policy: { max_additions: "20" }\n',
    message: /'max_additions' must be a whole number of seats, 0 or more, got '20'/,
    line: 3,
    column: 26,
  },
  {
    name: 'misspelt max_additions',
    yaml: HEAD + 'policy:\n  max_addition: 3\n',
    message: /^unknown key 'max_addition' in 'policy'; did you mean 'max_additions'\?$/,
    line: 4,
    column: 3,
    path: '/policy/max_addition',
  },
  {
    name: 'idle_signal not a choice',
    yaml: HEAD + 'policy:\n  idle_signal: login\n',
    message: /^'idle_signal' must be 'activity' or 'activity-or-auth', got 'login'$/,
    line: 4,
    column: 16,
    path: '/policy/idle_signal',
  },
  {
    name: 'new_seat_grace_days negative',
    yaml: HEAD + 'policy:\n  new_seat_grace_days: -1\n',
    message: /^'new_seat_grace_days' must be a whole number of days, 0 or more, got the number -1$/,
    line: 4,
    column: 24,
    path: '/policy/new_seat_grace_days',
  },
  {
    name: 'new_seat_grace_days as text',
    yaml: HEAD + 'policy:\n  new_seat_grace_days: "30"\n',
    message: /^'new_seat_grace_days' must be a whole number of days, 0 or more, got '30'$/,
    line: 4,
    column: 24,
  },
  {
    name: 'reclaim_notice not a choice',
    yaml: HEAD + 'policy:\n  reclaim_notice: email\n',
    message: /^'reclaim_notice' must be 'mention' or 'none', got 'email'$/,
    line: 4,
    column: 19,
    path: '/policy/reclaim_notice',
  },
  {
    name: 'reclaim_notice as a YAML boolean',
    yaml: HEAD + 'policy:\n  reclaim_notice: true\n',
    message: /^'reclaim_notice' must be 'mention' or 'none', got true \(a boolean in YAML\)$/,
    line: 4,
    column: 19,
  },
  {
    name: 'max_request_days zero',
    yaml: HEAD + 'policy:\n  max_request_days: 0\n',
    message: /^'max_request_days' must be a whole number of days, at least 1, got the number 0$/,
    line: 4,
    column: 21,
    path: '/policy/max_request_days',
  },
  {
    name: 'max_request_days as a duration',
    yaml: HEAD + 'policy:\n  max_request_days: 90d\n',
    message: /^'max_request_days' must be a whole number of days, at least 1, got '90d'$/,
    line: 4,
    column: 21,
  },
  {
    name: 'requesters as a display name',
    yaml: HEAD + 'policy:\n  requesters: Copilot Admins\n',
    message: /^'Copilot Admins' is not a valid team slug: .*spaces/,
    line: 4,
    column: 15,
    path: '/policy/requesters',
  },
  {
    name: 'requesters as a list',
    yaml: HEAD + 'policy:\n  requesters: [admins]\n',
    message: /^'requesters' must be a team slug as text, got a list$/,
    line: 4,
    column: 15,
  },
  {
    name: 'unreviewed_adds not a choice',
    yaml: HEAD + 'policy:\n  unreviewed_adds: deny\n',
    message: /^'unreviewed_adds' must be 'allow' or 'skip', got 'deny'$/,
    line: 4,
    column: 20,
    path: '/policy/unreviewed_adds',
  },
  {
    name: 'unreviewed_adds in capitals',
    yaml: HEAD + 'policy:\n  unreviewed_adds: Skip\n',
    message: /^'unreviewed_adds' must be 'allow' or 'skip', got 'Skip'; did you mean 'skip'\?$/,
    line: 4,
    column: 20,
  },
  {
    name: 'unreviewed_adds as a YAML boolean',
    yaml: HEAD + 'policy:\n  max_removals: 5\n  unreviewed_adds: true\n',
    message: /^'unreviewed_adds' must be 'allow' or 'skip', got true \(a boolean in YAML\)$/,
    line: 5,
    column: 20,
  },
  {
    name: 'unreviewed_adds empty',
    yaml: HEAD + 'policy:\n  unreviewed_adds:\n',
    message: /^'unreviewed_adds' must be 'allow' or 'skip', got nothing$/,
    line: 4,
    column: 19,
  },
  {
    name: 'misspelt unreviewed_adds',
    yaml: HEAD + 'policy:\n  unreviewed_add: skip\n',
    message: /unknown key 'unreviewed_add' in 'policy'; did you mean 'unreviewed_adds'\?/,
    line: 4,
    column: 3,
  },
];

/** The errors of a case, as `line:column message` for readable failures. */
function show(errors: ConfigError[]): string[] {
  return errors.map((e) => `${e.line}:${e.column} ${e.message} (at ${e.path})`);
}

describe('parseSeats rejects bad input, pointing at the line and column', () => {
  it('has at least 35 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
  });

  it.each(cases)('$name', ({ yaml, message, line, column, path }) => {
    const result = parseSeats(yaml, 'seats.yaml');
    expect(result.desired).toBeNull();
    const hit = result.errors.find((e) => message.test(e.message));
    expect(hit, `no error matches ${message}; got:\n${show(result.errors).join('\n')}`).toBeDefined();
    expect({ line: hit!.line, column: hit!.column }).toEqual({ line, column });
    expect(hit!.file).toBe('seats.yaml');
    if (path !== undefined) expect(hit!.path).toBe(path);
  });
});

describe('hints for syntax errors', () => {
  it('says one thing once where YAML reports two errors at one place', () => {
    const result = parseSeats(HEAD + 'users:\n  - login: octocat\n      reason: x\n', 'seats.yaml');
    expect(show(result.errors)).toEqual([
      '4:12 YAML syntax error: a key is indented where YAML does not expect one: check the indentation: the keys of one entry (login, reason, expires) start in the same column, and every level is indented with spaces (at )',
    ]);
  });

  it('cuts a long value it quotes back', () => {
    const result = parseSeats(HEAD + `users:\n  - @${'x'.repeat(200)}\n`, 'seats.yaml');
    expect(result.errors[0]?.message).toMatch(/\('@x{39}…'\)$/);
  });
});

describe('parseSeats collects every error', () => {
  const yaml = [
    'version: 2', // 1
    'org: acme', // 2
    'user: []', // 3
    'users:', // 4
    '  - 123', // 5
    '  - octocat', // 6
    '  - OCTOCAT', // 7
    'policy:', // 8
    '  inactive_days: 0', // 9
  ].join('\n');

  it('reports all of them, sorted by line, column and message', () => {
    const { desired, errors } = parseSeats(yaml, 'seats.yaml');
    expect(desired).toBeNull();
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [1, 10],
      [3, 1],
      [5, 5],
      [7, 5],
      [9, 18],
    ]);
  });

  it('sorts errors on the same position by message', () => {
    const { errors } = parseSeats('users: []\n', 'seats.yaml');
    expect(errors.map((e) => e.message)).toEqual([
      "missing 'org' at the top level: the login of the GitHub organization (or 'enterprise': the slug of the enterprise)",
      "missing 'version: 1' at the top level",
    ]);
  });

  it('stops after a YAML syntax error instead of guessing at the rest', () => {
    const { errors } = parseSeats('version: 3\norg: acme\nusers: [a, b\n', 'seats.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^YAML syntax error/);
  });

  it('ends an alias bomb quickly as one clean error', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(
        `${name}: &${name} [${Array(10)
          .fill('*' + prev)
          .join(', ')}]`,
      );
    }
    const started = performance.now();
    const { desired, errors } = parseSeats(HEAD + levels.join('\n') + '\n', 'seats.yaml');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(desired).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/aliases expand too much/);
  });
});

describe('parseSeats reads YAML 1.2 core types only', () => {
  it('keeps yes and dates as strings even under a %YAML 1.1 directive', () => {
    const yaml =
      '%YAML 1.1\n---\nversion: 1\norg: acme\nusers:\n  - yes\n  - login: no\n    expires: 2027-01-31\n';
    const { desired, errors } = parseSeats(yaml, 'seats.yaml');
    expect(errors).toEqual([]);
    expect(desired!.users).toMatchObject([{ login: 'yes' }, { login: 'no', expires: '2027-01-31' }]);
  });

  it('rejects a key that is a collection, at the key', () => {
    const { errors } = parseSeats(HEAD + '? [a, b]\n: c\n', 'seats.yaml');
    expect(errors).toMatchObject([{ line: 3, column: 3, message: 'a key must be a plain word, not a list' }]);
  });
});
