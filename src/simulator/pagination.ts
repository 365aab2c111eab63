// page/per_page paging with an RFC 8288 Link header, as GitHub's REST API pages lists.

export interface PageRequest {
  page: number;
  perPage: number;
}

/** GitHub ignores junk and clamps per_page to the maximum rather than failing. */
export function pageParams(query: URLSearchParams, defaultPerPage: number, maxPerPage = 100): PageRequest {
  const int = (v: string | null): number | undefined => {
    if (v === null || !/^\d+$/.test(v)) return undefined;
    return Number(v);
  };
  const page = Math.max(1, int(query.get('page')) ?? 1);
  const asked = int(query.get('per_page'));
  const perPage = asked === undefined || asked < 1 ? defaultPerPage : Math.min(asked, maxPerPage);
  return { page, perPage };
}

/** One page of items: O(per_page), the array is not copied. */
export function pageSlice<T>(items: readonly T[], p: PageRequest): T[] {
  const start = (p.page - 1) * p.perPage;
  return items.slice(start, start + p.perPage);
}

/** The Link header for page p of total items, absolute URLs on `origin`, other query kept; or undefined. */
export function linkHeader(
  origin: string,
  path: string,
  query: URLSearchParams,
  p: PageRequest,
  total: number,
): string | undefined {
  const last = Math.max(1, Math.ceil(total / p.perPage));
  const url = (page: number): string => {
    const q = new URLSearchParams(query);
    q.set('per_page', String(p.perPage));
    q.set('page', String(page));
    return `${origin}${path}?${q.toString()}`;
  };
  const links: string[] = [];
  if (p.page > 1) links.push(`<${url(Math.min(p.page - 1, last))}>; rel="prev"`);
  if (p.page < last) links.push(`<${url(p.page + 1)}>; rel="next"`, `<${url(last)}>; rel="last"`);
  if (p.page > 1) links.push(`<${url(1)}>; rel="first"`);
  return links.length > 0 ? links.join(', ') : undefined;
}

/** A scripted Link header with the paths in its <…> made absolute URLs on `origin`, as GitHub sends them. */
export function absoluteLinks(link: string, origin: string): string {
  return link.replace(/<(\/[^>]*)>/g, (_, path: string) => `<${origin}${path}>`);
}
