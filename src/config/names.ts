// Why a login, team slug or org name is not valid, in words a person can act on. The schema's
// patterns decide validity; these functions only explain a rejection, and a test checks that
// both agree (valid here exactly when the pattern matches).

const MAX_LOGIN = 39;
const MAX_SLUG = 255;
const ORG_LOGIN = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;
// Looser than today's signup rules: older accounts keep logins like `artur-` and `gil--`.
const USER_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Problems common to every kind of name, in the order a person would fix them. */
function commonProblem(name: string, what: string): string | null {
  if (name === '') return `${what} is empty`;
  if (name.trim() !== name) return `remove the spaces around it`;
  if (/\s/.test(name)) return `${what} has no spaces`;
  if (name.startsWith('@')) return `write it without the '@'`;
  return null;
}

function orgBodyProblem(org: string): string | null {
  const what = 'an organization login';
  if (org.startsWith('-') || org.endsWith('-')) return `${what} cannot start or end with a hyphen`;
  if (org.includes('--')) return `${what} cannot contain two hyphens in a row`;
  const bad = /[^A-Za-z0-9-]/.exec(org);
  if (bad) return `${what} holds only letters, digits and single hyphens (found '${bad[0]}')`;
  return ORG_LOGIN.test(org) ? null : `${what} is not valid`;
}

function userBodyProblem(body: string): string | null {
  if (body.startsWith('-')) return `a login cannot start with a hyphen`;
  const bad = /[^A-Za-z0-9-]/.exec(body);
  if (bad) return `a login holds only letters, digits and hyphens (found '${bad[0]}')`;
  return USER_LOGIN.test(body) ? null : `a login is not valid`;
}

/** null when `login` is a valid GitHub user login (including EMU `name_shortcode`). */
export function loginProblem(login: string): string | null {
  const common = commonProblem(login, 'a login');
  if (common) return common;
  if (login.includes('/')) return `a login has no '/' (teams belong under 'teams:' as a slug)`;
  if (login.length > MAX_LOGIN)
    return `a login has at most ${MAX_LOGIN} characters (this one has ${login.length})`;
  const underscore = login.indexOf('_');
  if (underscore === -1) return userBodyProblem(login);
  // Enterprise Managed Users: the normalized IdP name, '_', then the enterprise's shortcode.
  const name = login.slice(0, underscore);
  const shortcode = login.slice(underscore + 1);
  if (name === '' || !/^[A-Za-z0-9]+$/.test(shortcode)) {
    return `only Enterprise Managed User logins have an underscore, written name_shortcode (e.g. mona_acme)`;
  }
  return userBodyProblem(name);
}

/** null when `org` is a valid GitHub organization login. */
export function orgProblem(org: string): string | null {
  const common = commonProblem(org, 'an organization login');
  if (common) return common;
  if (org.includes('/')) return `write only the organization login, without '/'`;
  if (org.length > MAX_LOGIN) return `an organization login has at most ${MAX_LOGIN} characters`;
  return orgBodyProblem(org);
}

/** Roughly what GitHub makes of a team name: lower case, other characters to single hyphens. */
function slugLike(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** null when `slug` is a valid team slug. */
export function slugProblem(written: string): string | null {
  // GitHub's enterprise team slugs carry an `ent:` prefix; the rest follows the team slug rules.
  const slug = /^ent:/i.test(written) ? written.slice('ent:'.length) : written;
  if (slug.trim() !== '' && slug.trim() === slug && /\s/.test(slug)) {
    return `a team slug has no spaces: write the slug, not the team's name (perhaps '${slugLike(slug)}')`;
  }
  const common = commonProblem(slug, 'a team slug');
  if (common) return common;
  const slash = slug.lastIndexOf('/');
  if (slash !== -1) return `write the slug without the organization: '${slug.slice(slash + 1)}'`;
  if (slug.length > MAX_SLUG) return `a team slug has at most ${MAX_SLUG} characters`;
  if (!/^[A-Za-z0-9]/.test(slug)) return `a team slug starts with a letter or a digit`;
  const bad = /[^A-Za-z0-9._-]/.exec(slug);
  if (bad) return `a team slug holds only letters, digits, '-', '_' and '.' (found '${bad[0]}')`;
  return SLUG.test(slug) ? null : `a team slug is not valid`;
}
