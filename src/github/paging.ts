// Every list the action pages through must end. A Link header is the server's word on where the
// next page is; a broken proxy or a hostile answer can make it loop, run on forever, or point at
// another host (which would be sent the token). Each is an error with the page that did it.

/** 1,000 pages of 100: far past any team the action reads the members of. */
export const MAX_PAGES = 1000;
/**
 * 100 pages of 100 for a repository's lists: the comments of one issue (GitHub stops at 2,500),
 * the open drift issues, the pull requests of a commit, the label events of one pull request.
 */
export const MAX_REPO_PAGES = 100;

/** Says what to do, after what went wrong: nothing of the list is used. */
export class PagingError extends Error {
  constructor(problem: string) {
    super(
      `${problem}. Nothing was taken from the list; run again, and if it persists check any proxy ` +
        `between the runner and the API.`,
    );
    this.name = 'PagingError';
  }
}

/** The rel="next" URL of a Link header, if any. */
export function nextLink(link: string | undefined): string | undefined {
  return /<([^<>]+)>;\s*rel="next"/.exec(link ?? '')?.[1];
}

/** The rel="last" URL of a Link header, if any. */
export function lastLink(link: string | undefined): string | undefined {
  return /<([^<>]+)>;\s*rel="last"/.exec(link ?? '')?.[1];
}

/** The page a URL (absolute, or a path) asks for, as GitHub reads it: no page, or junk, is page 1. */
export function pageNumber(url: string): number {
  const page = new URL(url, 'http://base.invalid').searchParams.get('page') ?? '';
  return /^\d+$/.test(page) ? Math.max(1, Number(page)) : 1;
}

/** The same page whatever the order of its query: `?per_page=100` and `?page=1&per_page=100` too. */
function pageKey(url: string): string {
  const u = new URL(url);
  if (!u.searchParams.has('page')) u.searchParams.set('page', '1');
  u.searchParams.sort();
  u.hash = '';
  return u.toString();
}

interface PageResponse {
  url: string;
  headers: { link?: string };
  data: unknown;
}

/**
 * A map function for client.paginate, which calls it with each page before it asks for the next:
 * the page's data, or a PagingError when the next link is a page already read, on another origin,
 * or one past `maxPages`. One guard per list.
 */
export function pagingGuard(maxPages = MAX_PAGES): <R extends PageResponse>(response: R) => R['data'] {
  const read = new Map<string, number>();
  let origin = '';
  return (response) => {
    const page = read.size + 1;
    read.set(pageKey(response.url), page);
    origin ||= new URL(response.url).origin;
    const next = nextLink(response.headers.link);
    if (next === undefined) return response.data;
    const url = new URL(next, response.url);
    const again = read.get(pageKey(url.href));
    if (again !== undefined)
      throw new PagingError(`the paging loops: page ${page} links back to page ${again}`);
    if (url.origin !== origin) {
      throw new PagingError(
        `page ${page} links to a next page on another host (${url.origin}); not followed`,
      );
    }
    if (page >= maxPages) {
      throw new PagingError(`the list runs past ${maxPages} pages without an end; stopped reading`);
    }
    return response.data;
  };
}
