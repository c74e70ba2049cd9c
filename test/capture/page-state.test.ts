import { describe, expect, it } from 'vitest';
import { classifyPage, postIsShown } from '../../shared/capture/page-state.js';

const POST = 'Year 9 pupils at Northbrook Academy were filmed fighting behind the sports hall';

describe('classifyPage', () => {
  it.each([
    ['a 404 as gone', { status: 404, finalUrl: 'https://x.com/a/status/1', bodyText: '' }, 'gone'],
    ['a 410 as gone', { status: 410, finalUrl: 'https://x.com/a/status/1', bodyText: '' }, 'gone'],
    ['a redirect to /i/flow/login as a login wall', { status: 200, finalUrl: 'https://x.com/i/flow/login', bodyText: POST }, 'login_wall'],
    ['a redirect to an accounts host as a login wall', { status: 200, finalUrl: 'https://accounts.example.com/', bodyText: '' }, 'login_wall'],
    ['a 403 as a login wall', { status: 403, finalUrl: 'https://www.facebook.com/p/1', bodyText: '' }, 'login_wall'],
    ['a page showing the post as ok', { status: 200, finalUrl: 'https://x.com/a/status/1', bodyText: `@a ${POST} 3:04 PM`, postText: POST }, 'ok'],
    ["X's missing-post page as gone", { status: 200, finalUrl: 'https://x.com/a/status/1', bodyText: 'Hmm...this page doesn’t exist. Try searching.', postText: POST }, 'gone'],
    ["Reddit's deleted-by-author notice as gone", { status: 200, finalUrl: 'https://www.reddit.com/r/x/comments/1', bodyText: 'Sorry, this post was deleted by the person who originally posted it.' }, 'gone'],
    ['a "log in to continue" page as a login wall', { status: 200, finalUrl: 'https://www.instagram.com/p/1/', bodyText: 'Log in to continue', postText: POST }, 'login_wall'],
    ['a visible password field without the post as a login wall', { status: 200, finalUrl: 'https://example.com/p', bodyText: 'Welcome', hasPasswordField: true, postText: POST }, 'login_wall'],
    ['a removal phrase quoted beside the post itself as ok', { status: 200, finalUrl: 'https://example.com/p', bodyText: `${POST} (someone said this post was deleted)`, postText: POST }, 'ok'],
    ['a server error page as an error, not a removal', { status: 503, finalUrl: 'https://example.com/p', bodyText: 'Service unavailable', postText: POST }, 'error'],
    ['a 429 page as an error', { status: 429, finalUrl: 'https://example.com/p', bodyText: 'Too many requests' }, 'error'],
    ['an ordinary news page with no post text as ok', { status: 200, finalUrl: 'https://news.example/a', bodyText: 'Local news' }, 'ok'],
  ])('classifies %s', (_name, facts, expected) => {
    expect(classifyPage(facts).state).toBe(expected);
  });
});

describe('postIsShown', () => {
  it.each([
    ['matches across different spacing and case', `  YEAR 9 pupils   at northbrook academy were filmed fighting behind the sports hall`, POST, true],
    ['matches curly apostrophes against straight ones', 'St Aidan’s pupils were filmed on the field today', "St Aidan's pupils were filmed on the field today", true],
    ['does not match a different post', 'Sports day results are in', POST, false],
    ['does not count a post too short to recognise', 'ok', 'ok', false],
  ])('%s', (_name, body, post, expected) => {
    expect(postIsShown(body, post)).toBe(expected);
  });
});
