import { describe, expect, it } from 'vitest';
import { linkRequestFrom } from '../../shared/links/http-request.js';

describe('reading a link request from HTTP', () => {
  it('takes the token from ?t= on a GET', () => {
    expect(linkRequestFrom({ method: 'GET', query: new URLSearchParams('t=v1.a.b') })).toMatchObject({ method: 'GET', token: 'v1.a.b' });
  });

  it('takes the token and typed name from the confirmation form on a POST', () => {
    const request = linkRequestFrom({ method: 'POST', query: new URLSearchParams('t=from-query'), body: 't=from-form&actor=Tom+Reeve' });
    expect(request).toMatchObject({ token: 'from-form', actor: 'Tom Reeve' });
  });

  it('ignores a body too large to be the confirmation form', () => {
    const request = linkRequestFrom({ method: 'POST', query: new URLSearchParams('t=q'), body: `t=f&actor=${'x'.repeat(5000)}` });
    expect(request).toMatchObject({ token: 'q', actor: undefined });
  });

  it('treats an empty name as no name', () => {
    expect(linkRequestFrom({ method: 'POST', query: new URLSearchParams(), body: 't=f&actor=' }).actor).toBeUndefined();
  });
});
