import { describe, expect, it } from 'vitest';
import { canonicalUrl, InvalidUrlError, MAX_URL_LENGTH } from '../../shared/sources/canonical-url.js';
import { mentionId, platformIdFromUrl } from '../../shared/sources/mention-id.js';
import { SourceError } from '../../shared/sources/source.js';

describe('canonicalUrl', () => {
  it.each([
    // Tracking parameters go, meaningful ones stay (sorted).
    ['https://news.example.co.uk/story?id=42&utm_source=twitter&utm_medium=social', 'https://news.example.co.uk/story?id=42'],
    ['https://news.example.co.uk/story?fbclid=IwAR0abc&p=7&gclid=xyz', 'https://news.example.co.uk/story?p=7'],
    ['https://news.example.co.uk/a?b=2&a=1', 'https://news.example.co.uk/a?a=1&b=2'],
    ['https://www.instagram.com/p/C1a2b3/?igshid=MzRlODBiNWFlZA==', 'https://instagram.com/p/C1a2b3'],
    ['https://example.org/search?s=northbrook', 'https://example.org/search?s=northbrook'],
    // Host folding: x.com/twitter.com, m./www./mobile., case, trailing dot, default port, scheme.
    ['https://twitter.com/NorthbrookAcad/status/1790000000000000000?s=20&t=abc', 'https://x.com/northbrookacad/status/1790000000000000000'],
    ['https://mobile.twitter.com/NorthbrookAcad/status/1790000000000000000/photo/1', 'https://x.com/northbrookacad/status/1790000000000000000'],
    ['http://X.COM/northbrookacad/status/1790000000000000000', 'https://x.com/northbrookacad/status/1790000000000000000'],
    ['https://twitter.com/#!/NorthbrookAcad/status/17', 'https://x.com/northbrookacad/status/17'],
    ['https://m.facebook.com/story.php?story_fbid=123&id=456&mibextid=abc', 'https://facebook.com/story.php?id=456&story_fbid=123'],
    ['https://WWW.Example.ORG:443/Path/', 'https://example.org/Path'],
    ['http://example.org:80/', 'https://example.org/'],
    ['http://example.org:8080/feed', 'http://example.org:8080/feed'],
    ['https://user:secret@example.org/page#comments', 'https://example.org/page'],
    ['https://old.reddit.com/r/northbrook/comments/abc123/title/', 'https://reddit.com/r/northbrook/comments/abc123/title'],
    ['https://youtu.be/dQw4w9WgXcQ?si=share123', 'https://youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share&t=42', 'https://youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://m.co/page', 'https://m.co/page'],
    // Redirect wrappers. Google Alerts feed links have this shape (https://www.google.com/alerts, "Deliver to: RSS feed").
    [
      'https://www.google.com/url?rct=j&sa=t&url=https://news.example.co.uk/northbrook-ofsted%3Futm_source%3Dalert&ct=ga&cd=CAIyGjA&usg=AOvVaw1',
      'https://news.example.co.uk/northbrook-ofsted',
    ],
    ['https://www.google.co.uk/url?q=https://example.org/a&sa=U', 'https://example.org/a'],
    ['https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Fstory%3Ffbclid%3Dx&h=AT0', 'https://example.org/story'],
    // out.reddit.com shape as reported in EFForg/privacybadger#2194 and FastForwardTeam/FastForward#200.
    [
      'https://out.reddit.com/t3_qrrg2s?url=https%3A%2F%2Ftwitter.com%2Fpipipoko_%2Fstatus%2F1458801910945751040&token=AQAAAteN&app_name=android',
      'https://x.com/pipipoko_/status/1458801910945751040',
    ],
    ['https://www.youtube.com/redirect?event=video_description&q=https%3A%2F%2Fexample.org%2Fx&v=abc', 'https://example.org/x'],
    ['https://www.google.com/amp/s/news.example.co.uk/amp/story', 'https://news.example.co.uk/amp/story'],
    // A wrapper inside a wrapper.
    ['https://www.google.com/url?q=' + encodeURIComponent('https://l.facebook.com/l.php?u=' + encodeURIComponent('https://example.org/deep')), 'https://example.org/deep'],
    // A wrapper around something that is not a web address is left as it is (minus its tracking).
    ['https://www.google.com/url?q=javascript:alert(1)&utm_source=x', 'https://google.com/url?q=javascript%3Aalert%281%29'],
  ])('turns %s into %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([
    ['', 'is empty'],
    ['not a url', 'is not a web address'],
    ['javascript:alert(1)', 'only http and https'],
    ['ftp://example.org/file', 'only http and https'],
    ['file:///etc/passwd', 'only http and https'],
    [`https://example.org/${'a'.repeat(MAX_URL_LENGTH)}`, 'longer than'],
  ])('refuses %j with an InvalidUrlError saying it %s', (input, message) => {
    expect(() => canonicalUrl(input)).toThrow(InvalidUrlError);
    expect(() => canonicalUrl(input)).toThrow(message);
  });

  it('raises an error a source can handle as a bad platform response', () => {
    try {
      canonicalUrl('nope');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SourceError);
      expect((err as SourceError).kind).toBe('bad_response');
    }
  });

  it('is idempotent', () => {
    const once = canonicalUrl('https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.Example.org%2Fa%2F%3Fz%3D1%26utm_medium%3Dx%26a%3D2');
    expect(canonicalUrl(once)).toBe(once);
  });
});

describe('mentionId', () => {
  it.each([
    [['reddit', 't3_abc123'], 'reddit:t3_abc123'],
    [['bluesky', 'at://did:plc:abc/app.bsky.feed.post/3k2'], 'bluesky:at://did:plc:abc/app.bsky.feed.post/3k2'],
    [['rss', undefined, 'https://twitter.com/NorthbrookAcad/status/1790000000000000000?s=20'], 'x:1790000000000000000'],
    [['google_alerts', undefined, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=x'], 'youtube:dQw4w9WgXcQ'],
  ] as [[string, string?, string?], string][])('gives %j the id %s', (args, expected) => {
    expect(mentionId(...args)).toBe(expected);
  });

  it('gives the same article the same id whichever source and wrapper it came through', () => {
    const fromFeed = mentionId('rss', undefined, 'http://www.news.example.co.uk/northbrook-ofsted/?utm_source=rss');
    const fromAlert = mentionId(
      'google_alerts',
      '',
      'https://www.google.com/url?rct=j&sa=t&url=https://news.example.co.uk/northbrook-ofsted&ct=ga&usg=AOvVaw1',
    );
    expect(fromFeed).toMatch(/^url:[0-9a-f]{32}$/);
    expect(fromAlert).toBe(fromFeed);
    expect(mentionId('rss', undefined, 'https://news.example.co.uk/other')).not.toBe(fromFeed);
  });

  it('hashes a platform id too long for the Mention schema', () => {
    const id = mentionId('rss', 'x'.repeat(500));
    expect(id).toMatch(/^rss:h:[0-9a-f]{32}$/);
  });

  it.each([
    [['rss'], 'neither an id nor a link'],
    [['rss', '  ', ''], 'neither an id nor a link'],
    [['rss', undefined, 'mailto:head@example.org'], 'only http and https'],
  ] as [[string, string?, string?], string][])('refuses %j with a SourceError saying %s', (args, message) => {
    expect(() => mentionId(...args)).toThrow(SourceError);
    expect(() => mentionId(...args)).toThrow(message);
  });

  it.each([
    ['https://x.com/i/web/status/123', { platform: 'x', platformId: '123' }],
    ['https://youtube.com/shorts/dQw4w9WgXcQ', { platform: 'youtube', platformId: 'dQw4w9WgXcQ' }],
    ['https://x.com/northbrookacad', undefined],
    ['https://example.org/watch?v=dQw4w9WgXcQ', undefined],
  ])('reads the platform id in %s as %j', (url, expected) => {
    expect(platformIdFromUrl(url)).toEqual(expected);
  });
});
