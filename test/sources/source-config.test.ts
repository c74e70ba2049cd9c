import { describe, expect, it } from 'vitest';
import { SourceConfig } from '../../shared/config/schema.js';

/** The platform entries of the trust config: ids people commonly get wrong are refused with where to find the right one. */
describe('platform source settings', () => {
  it.each([
    [{ type: 'facebook', pageId: 'MillfieldPrimary' }, 'Page transparency'],
    [{ type: 'instagram', igUserId: '@millfieldprimary' }, 'instagram_business_account'],
    [{ type: 'youtube', channelId: '@MillfieldPrimary' }, 'starts with UC'],
    [{ type: 'reddit', subreddits: ['https://reddit.com/r/Cambridgeshire'] }, 'subreddit name'],
  ])('refuses %j and says where to look', (raw, hint) => {
    const result = SourceConfig.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(hint);
  });

  it.each([
    { type: 'facebook', pageId: '101234567890123' },
    { type: 'instagram', igUserId: '17841400000000000' },
    { type: 'youtube', channelId: 'UCmillfield0000000000000' },
    { type: 'reddit', subreddits: ['Cambridgeshire', 'r/Northbrook'] },
    { type: 'x' },
    { type: 'bluesky' },
  ])('accepts %j with a default page bound', (raw) => {
    expect(SourceConfig.parse(raw)).toMatchObject({ ...raw, enabled: true, maxPages: 5 });
  });
});
