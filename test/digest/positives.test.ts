import { describe, expect, it } from 'vitest';
import { selectPositives } from '../../shared/digest/positives.js';
import type { MentionContent } from '../../shared/ports/index.js';

const mention = (id: string, text: string, publishedAt = '2026-11-23T12:00:00Z'): MentionContent => ({
  mentionId: id, platform: 'x', url: `https://x.com/a/status/${id}`, text, publishedAt, fetchedAt: publishedAt,
});

describe('choosing positive mentions to celebrate', () => {
  it.each([
    ['praise for a team', 'Huge well done to the Northbrook U14 netball team, county champions! 🏆', true],
    ['thanks to staff', 'Thank you Millfield Primary for a fantastic nativity', true],
    ['sarcasm about a breach', 'brilliant, another data breach, well done Northbrook', false],
    ['praise with a complaint in it', 'Well done on the play but the parking is awful', false],
    ['a question', 'Did Northbrook win the match?', false],
    ['a neutral notice', 'Northbrook term dates for 2027 are out', false],
  ])('%s: chosen %s', (_what, text, chosen) => {
    expect(selectPositives([mention('1', text)])).toHaveLength(chosen ? 1 : 0);
  });

  it('keeps the three clearest, most praise first, newest first among equals', () => {
    const picked = selectPositives([
      mention('1', 'well done', '2026-11-23T09:00:00Z'),
      mention('2', 'well done, so proud, champions 🏆', '2026-11-23T08:00:00Z'),
      mention('3', 'well done', '2026-11-23T11:00:00Z'),
      mention('4', 'well done', '2026-11-23T10:00:00Z'),
    ]);
    expect(picked.map((p) => p.url.split('/').pop())).toEqual(['2', '3', '4']);
  });
});
