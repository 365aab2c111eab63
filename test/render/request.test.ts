// The seat request's pull request body and the comments on the issue: the text of the form is
// shown, never obeyed (no mention, no reference, no markup); the body closes the issue.
import { describe, expect, it } from 'vitest';
import {
  renderRequestAccepted,
  renderRequestBody,
  renderRequestRefused,
  requestBranch,
  requestMarker,
} from '../../src/render/request.ts';

const entry = { login: 'Mona', reason: 'pairing with @ceo on #12 <b>now</b>', expires: '2027-01-31' };

describe('the seat request texts', () => {
  it('branch per login, lower-cased; marker per org', () => {
    expect(requestBranch('Mona')).toBe('copilot-seats/request-mona');
    expect(requestMarker('acme')).toBe('<!-- copilot-seats:request org=acme -->');
  });

  it('the body links and closes the issue, and shows the reason inert', () => {
    const body = renderRequestBody(entry, { org: 'acme', file: 'seats.yaml', issue: 7, requester: 'mona' });
    expect(body.split('\n')[0]).toBe(requestMarker('acme'));
    expect(body).toContain('Asked for in #7 by `mona`');
    expect(body).toMatch(/\nCloses #7$/);
    expect(body).toContain('- ends: `2027-01-31`');
    expect(body).not.toMatch(/@ceo|#12|<b>/);
  });

  it('the answer links the pull request; a refusal lists every reason', () => {
    const ok = renderRequestAccepted(
      entry,
      { number: 9, url: 'https://github.com/acme/a/pull/9', action: 'opened' },
      'acme',
    );
    expect(ok).toContain('Pull request [#9](https://github.com/acme/a/pull/9) adds `Mona`');
    const no = renderRequestRefused(['one', 'two @x'], 'acme');
    expect(no).toContain('for these reasons:\n\n- one\n- two @\u200dx');
    expect(renderRequestRefused(['one'], 'acme')).toContain('for this reason:');
  });
});
