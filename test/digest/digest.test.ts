import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/cases/case.js';
import { buildDigest, sortCases } from '../../shared/digest/build.js';
import { MAX_HTML_BYTES, renderDigest } from '../../shared/digest/render.js';
import { caseLinks } from '../../shared/links/urls.js';
import type { Severity } from '../../shared/score/types.js';
import { digestInput, makeCase, sampleDay } from './cases.js';

/** The HTML between <body> and </body>, with the preheader, for checks on what a reader sees. */
const bodyOf = (html: string) => html.slice(html.indexOf('<body'));

describe('escaping hostile post text in the digest', () => {
  const hostile = makeCase({
    text: 'kms <script>alert("x")</script> <a href="javascript:alert(1)">click</a> <img src=x onerror=alert(2)> & more',
    author: '<b onmouseover=alert(3)>evil</b>',
    title: '</title><script>alert(4)</script>',
    url: 'javascript:alert(5)',
    reasons: [{ category: 'self_harm', rule: 'slang', match: 'kms' }, { category: 'self_harm', rule: 'x', match: '<script>' }],
  });
  const { html, text } = renderDigest(digestInput({ cases: [hostile] }));

  it.each(['<script', '<a href="javascript:', 'javascript:alert(5)', '<img src=x', '<b onmouseover'])('never emits %j as markup', (needle) => {
    expect(html).not.toContain(needle);
  });

  it('shows the post text escaped, so the reader sees exactly what was written', () => {
    expect(html).toContain('&lt;script&gt;</mark>alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;a href&#61;&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;');
    expect(html).toContain('&amp; more');
  });

  it('highlights a match that is itself markup by escaping first, then wrapping', () => {
    expect(html).toMatch(/<mark class="hit"[^>]*>&lt;script&gt;<\/mark>/);
  });

  it('drops a post address that is not http(s) instead of linking it', () => {
    expect(html).not.toMatch(/href="[^"]*javascript/i);
    expect(text).not.toContain('javascript:alert(5)');
  });

  it('keeps the plain-text part plain, with the matches marked by asterisks', () => {
    expect(text).toContain('"*kms* *<script>*alert("x")</script>');
  });
});

describe('hidden characters in post text', () => {
  const tricky = makeCase({
    text: 'meet me after school \u202Edont tell ur mum\u202C k\u200Bi\u200Bl\u200Bl',
    reasons: [{ category: 'grooming', rule: 'secrecy', match: "dont tell ur mum" }],
    safeguarding: { severity: 3, categories: ['grooming'] },
  });
  const { html, text } = renderDigest(digestInput({ cases: [tricky] }));

  it.each([
    ['right-to-left override', '\u202E'],
    ['pop directional formatting', '\u202C'],
    ['zero-width space', '\u200B'],
  ])('removes the %s from both parts', (_name, char) => {
    expect(html).not.toContain(char);
    expect(text).not.toContain(char);
  });

  it('shows the text as it reads once cleaned, and says characters were removed', () => {
    expect(html).toContain('<mark class="hit"');
    expect(text).toContain('meet me after school *dont tell ur mum* kill');
    expect(text).toContain('5 hidden characters (used to dodge filters or reverse text) were removed from this post.');
  });
});

describe('the size cap', () => {
  const severities: Severity[] = [4, 3, 2, 2, 2];
  const many: Case[] = Array.from({ length: 2000 }, (_, i) => makeCase({
    mentionId: `reddit:t3_${i}`,
    platform: 'reddit',
    url: `https://www.reddit.com/r/cambridgeshire/comments/${i}/`,
    text: `Post ${i}: ${'this school is a joke and the head should go '.repeat(12)} kms`,
    severity: severities[i % 5],
    safeguarding: { severity: severities[i % 5], categories: ['self_harm'] },
  }));
  // Real signed links, as long as production ones, since they are a good part of each case's size.
  const signed = (c: Case) => caseLinks('https://links.northbrook-trust.example.org.uk/l', c, 'k'.repeat(48), new Date('2026-11-24T07:30:00Z'));
  const result = renderDigest(digestInput({ cases: many, counts: { total: 5000, cases: 2000 }, linksFor: signed }));

  it('keeps the HTML of a 2,000-case day under 100 KB so Gmail does not clip it', () => {
    expect(Buffer.byteLength(result.html)).toBeLessThanOrEqual(MAX_HTML_BYTES);
    expect(result.htmlBytes).toBe(Buffer.byteLength(result.html));
  });

  it('shows the most severe cases in full and counts the rest, saying where the full list is', () => {
    const shownInFull = (result.html.match(/class="excerpt"/g) ?? []).length;
    const rows = result.limits.listed;
    expect(shownInFull).toBeGreaterThan(0);
    expect(shownInFull).toBe(result.limits.detailed);
    const notShown = 2000 - result.limits.detailed - rows;
    expect(notShown).toBeGreaterThan(0);
    expect(result.html).toContain(`${notShown} further cases, the least severe, are not shown`);
    expect(result.text).toContain('Ask your IT technician for the full case list.');
    expect(result.subject).toContain('2000 new cases (800 high or critical)');
  });

  it('puts critical cases first', () => {
    const firstGroup = result.html.match(/class="group"[^>]*>([^<]*)</)![1];
    expect(firstGroup).toBe('Critical: a child may be at immediate risk: act now (400 cases)');
  });

  it('links the full case list when the deployment has one', () => {
    const linked = renderDigest(digestInput({ cases: many.slice(0, 600), caseListUrl: 'https://cases.example.org.uk/northbrook' }));
    expect(linked.html).toContain('href="https://cases.example.org.uk/northbrook"');
  });
});

describe('what the digest says', () => {
  it('still sends a short digest on a day with nothing new, so silence is never ambiguous', () => {
    const { subject, text, html } = renderDigest(digestInput());
    expect(subject).toBe('Northbrook Academy: nothing new, Tue 24 Nov');
    expect(text).toContain('Nothing new needs your attention.');
    expect(text).toContain('This email is sent every day, so you always know monitoring is running.');
    expect(text).toContain('We also saw 12 other mentions of Northbrook Academy that did not need action.');
    expect(text).toContain('Sources: All 2 sources checked in the last day without errors.');
    expect(Buffer.byteLength(html)).toBeLessThan(15_000);
  });

  it('makes a failing source impossible to miss: subject, banner and preheader', () => {
    const { subject, html, text } = renderDigest(sampleDay());
    expect(subject.startsWith('ACTION NEEDED: a source is failing.')).toBe(true);
    expect(html).toMatch(/class="alarm"[^>]*background: #b91c1c/);
    expect(bodyOf(html).indexOf('class="alarm"')).toBeLessThan(bodyOf(html).indexOf('class="headline"'));
    expect(text).toContain('!!! 1 of 2 sources is not working, so posts there are being missed.');
    expect(text).toContain('local-news failed 44 times in a row, last worked Sun 22 Nov, 09:00. The feed https://news.northbrook.example/rss.xml returned 404 Not Found.');
  });

  it.each([
    ['no sources at all', [], 'No sources are set up, so nothing is being watched.'],
    ['a source that has not run for two days', [{
      academyId: 'northbrook', sourceId: 'reddit', lastRunAt: '2026-11-22T07:00:00Z', lastSuccessAt: '2026-11-22T07:00:00Z', consecutiveFailures: 0, lastItems: 3,
    }], 'reddit has not run since Sun 22 Nov, 07:00'],
  ])('raises the alarm for %s', (_what, health, message) => {
    const { subject, text } = renderDigest(digestInput({ health }));
    expect(subject).toMatch(/^ACTION NEEDED/);
    expect(text).toContain(message);
  });

  it('groups by severity, then category, with what to do, evidence and removal for each case', () => {
    const { text } = renderDigest(sampleDay());
    const order = ['==== High', '-- Self-harm or suicide --', "-- A child's personal details made public --", '==== Medium', '-- Complaint --', '-- Inspection or results --'];
    const positions = order.map((h) => text.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('What to do: Pass to the headteacher; the complaints policy applies.');
    expect(text).toContain('The post was removed from Reddit by Tue 24 Nov, 06:00; we still hold the evidence.');
    expect(text).toContain('Marked acknowledged by monitor link on Tue 24 Nov, 06:30.');
    expect(text).toContain('Evidence capture failed (The page returned 403 Forbidden to the capture browser).');
    expect(text).toContain('Report to Reddit: Under the post or comment select ⋯ (more), then Report.');
  });

  it('masks a child\'s details in an exposure case, in the excerpt and in the reasons, with a note', () => {
    const { html, text } = renderDigest(sampleDay());
    for (const part of [html, text]) {
      expect(part).not.toContain('Lucy');
      expect(part).not.toContain('Bennett');
      expect(part).not.toContain('Ashdown');
      expect(part).not.toContain('900412');
    }
    expect(text).toContain('"L*** B****** year 10 northbrook *lives on A****** C*****, *go and tell her what you think of her*. Her number is 07*** ***412"');
    expect(text).toContain('Why it was flagged: A child\'s personal details made public ("lives on A****** C****"); Bullying');
    expect(text).toContain('Personal details (names, addresses, phone numbers) are hidden here. The evidence link shows the full post, and opening it is recorded.');
  });

  it('quotes a reason from the masked post, so a surname matched alone is still hidden', () => {
    const c = makeCase({
      text: 'Lucy Bennett year 10 is a grass', safeguarding: { severity: 3, categories: ['exposure'] },
      reasons: [{ category: 'exposure', rule: 'name', match: 'Bennett' }],
    });
    const { text } = renderDigest(digestInput({ cases: [c] }));
    expect(text).not.toContain('Bennett');
    expect(text).toContain('A child\'s personal details made public ("B******")');
  });

  it('does not link a post that may hold sexual images of a child, and says why', () => {
    const c = makeCase({
      text: "who's got the nudes of that year 10 girl from northbrook?", url: 'https://x.com/a/status/1',
      safeguarding: { severity: 4, categories: ['sexual', 'exposure'] }, severity: 4,
      reasons: [{ category: 'sexual', rule: 'nudes', match: 'nudes' }],
    });
    const { html, text } = renderDigest(digestInput({ cases: [c] }));
    expect(html).not.toContain('href="https://x.com/a/status/1"');
    expect(text).toContain('WARNING: Do not open the original post: it may contain sexual images of a child.');
    expect(text).toContain('Report images of a child to the IWF');
    expect(text).toContain('View evidence (DSL only: may show images of a child)');
    expect(text).toContain('If a child is in immediate danger, call 999 now.');
  });

  it('keeps its protections for categories only noted at low, but files and routes the case by its concerns', () => {
    const c = makeCase({
      text: 'Complaint to Ofsted going in. Lucy Bennett year 10 shared nudes apparently and the school did nothing',
      url: 'https://x.com/a/status/2',
      safeguarding: { severity: 1, categories: [], noted: ['sexual', 'exposure'] },
      reputational: { severity: 2, categories: ['complaint'] }, severity: 2,
      reasons: [{ category: 'complaint', rule: 'complaint', match: 'Complaint to Ofsted' }, { category: 'exposure', rule: 'name', match: 'Bennett' }],
    });
    const { html, text } = renderDigest(digestInput({ cases: [c] }));
    expect(text).toContain('Complaint; also noted, low: Sexual');
    expect(text).not.toContain('Bennett');
    expect(html).not.toContain('href="https://x.com/a/status/2"');
    expect(text).toContain('Report images of a child to the IWF');
    expect(text).not.toContain('Report to CEOP');
    const concernOnly = renderDigest(digestInput({ cases: [{ ...c, safeguarding: { severity: 1, categories: [], noted: ['bullying'] } }] })).text;
    expect(concernOnly).toContain('Bennett');
    expect(concernOnly).not.toContain('Report images of a child to the IWF');
  });

  it('adds no reporting route for a category only noted', () => {
    const c = makeCase({
      text: 'Complaint to Ofsted going in about the trust', safeguarding: { severity: 1, categories: [], noted: ['grooming', 'radicalisation'] },
      reputational: { severity: 2, categories: ['complaint'], noted: ['data_breach'] }, severity: 2,
      reasons: [{ category: 'complaint', rule: 'complaint', match: 'Complaint to Ofsted' }],
    });
    const { text } = renderDigest(digestInput({ cases: [c] }));
    for (const route of ['Report to CEOP', 'Report extremist content to the police', 'Tell the ICO about a data breach']) expect(text).not.toContain(route);
    const asConcerns = renderDigest(digestInput({ cases: [{ ...c, safeguarding: { severity: 2, categories: ['grooming', 'radicalisation'] }, reputational: { severity: 2, categories: ['complaint', 'data_breach'] } }] })).text;
    for (const route of ['Report to CEOP', 'Report extremist content to the police', 'Tell the ICO about a data breach']) expect(asConcerns).toContain(route);
  });

  it('shows times in UK time, including summer time', () => {
    const summer = makeCase({ publishedAt: '2026-07-01T06:30:00Z' });
    expect(renderDigest(digestInput({ cases: [summer] })).text).toContain('Wed 1 Jul, 07:30');
  });

  it('celebrates positive mentions without naming pupils', () => {
    const { text } = renderDigest(digestInput({
      positives: [{ platform: 'facebook', url: 'https://facebook.com/p/1', text: 'Well done to Oliver Hughes in 6R for his swimming badge!', publishedAt: '2026-11-23T15:00:00Z' }],
    }));
    expect(text).toContain('Worth celebrating (Facebook, Mon 23 Nov, 15:00): Well done to O***** H***** in 6R for his swimming badge! https://facebook.com/p/1');
  });

  it('puts all four signed links on every case shown in full', () => {
    const { html } = renderDigest(sampleDay());
    for (const kind of ['view', 'ack', 'report', 'resolve']) expect((html.match(new RegExp(`href="https://links.example.test/l\\?t&#61;${kind}-`, 'g')) ?? []).length).toBe(4);
  });
});

describe('ordering cases', () => {
  it('sorts by severity, then category in the guide\'s order, then newest first', () => {
    const a = makeCase({ severity: 2, safeguarding: { severity: 2, categories: ['bullying'] }, createdAt: '2026-11-23T10:00:00Z' });
    const b = makeCase({ severity: 2, safeguarding: { severity: 2, categories: ['self_harm'] }, createdAt: '2026-11-23T09:00:00Z' });
    const c = makeCase({ severity: 4, safeguarding: { severity: 4, categories: ['missing'] } });
    const d = makeCase({ severity: 2, safeguarding: { severity: 2, categories: ['self_harm'] }, createdAt: '2026-11-23T11:00:00Z' });
    expect(sortCases([a, b, c, d]).map((x) => x.caseId)).toEqual([c, d, b, a].map((x) => x.caseId));
  });

  it('asks for links only for the cases it shows', () => {
    const asked: string[] = [];
    const cases = Array.from({ length: 10 }, () => makeCase());
    buildDigest(digestInput({ cases, linksFor: (c) => (asked.push(c.caseId), digestInput().linksFor(c)) }), { detailed: 2, listed: 3 });
    expect(asked).toHaveLength(5);
  });
});
