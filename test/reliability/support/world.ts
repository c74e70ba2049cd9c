import { entities, type TrustConfig } from '../../../shared/config/schema.js';
import { londonDay } from '../../../shared/pipeline/digest-cycle.js';
import { needsInstantAlert } from '../../../shared/pipeline/alert-cycle.js';
import type { CaseStore } from '../../../shared/ports/index.js';
import { ACADEMY_PHRASES, rssSource, trustWith } from './cycle.js';
import { type FeedItem, type HostileWeb, rss, startHostileWeb } from './hostile-web.js';
import type { SentEmail } from './switchable-aws.js';

/**
 * A small, known world: each of the five entities has one news feed on the fixture web with benign
 * and concerning posts, so after any faults the tests can say exactly what must have been stored,
 * captured and sent.
 */
export async function startNewsWorld(options: { perEntity?: number; concernEvery?: number } = {}) {
  const perEntity = options.perEntity ?? 6;
  const concernEvery = options.concernEvery ?? 3;
  const feeds = new Map<string, FeedItem[]>();
  const web: HostileWeb = await startHostileWeb();
  const config: TrustConfig = trustWith((e) => [rssSource('news', `${web.baseUrl}/feeds/${e.id}.xml`)]);
  let serial = 0;

  /** Publishes `count` more posts per entity at `at`; every `concernEvery`-th is concerning. */
  const publish = (at: string, count = perEntity) => {
    for (const e of entities(config)) {
      const items = feeds.get(e.id) ?? [];
      for (let i = 0; i < count; i++) {
        serial++;
        const phrases = ACADEMY_PHRASES[e.id]!;
        const concern = serial % concernEvery === 0;
        items.push({
          title: `${concern ? phrases.concern : phrases.benign} (${serial})`,
          link: `https://news.example.org/${e.id}/story-${serial}`,
          text: `Report number ${serial}.`,
          publishedAt: new Date(Date.parse(at) - i * 60_000).toISOString(),
        });
      }
      feeds.set(e.id, items);
      web.routes[`/feeds/${e.id}.xml`] = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(rss(feeds.get(e.id) ?? []));
      };
    }
  };

  return {
    web,
    config,
    feeds,
    publish,
    /** Every post published so far, by entity. */
    published: (entityId: string) => feeds.get(entityId) ?? [],
    stop: () => web.stop(),
  };
}
export type NewsWorld = Awaited<ReturnType<typeof startNewsWorld>>;

/**
 * What must hold after recovery, read back from the stores and the SES outbox: every published post
 * stored exactly once, every case with evidence, every alert and digest sent exactly once.
 */
export async function auditWorld(world: NewsWorld, store: CaseStore, outbox: SentEmail[], window: { since: string; until: string }, day: Date) {
  const perEntity = [];
  for (const e of entities(world.config)) {
    const counts = await store.countMentions(e.id, window.since, window.until);
    const content = await store.listMentionContent(e.id, window.since, window.until, 10_000);
    const cases = await store.listCases({ academyId: e.id });
    const needEvidence = await store.listCasesNeedingEvidence(e.id);
    const alertWorthy = cases.filter((c) => needsInstantAlert(c, world.config.thresholds.alertSeverity));
    const alertEmails = outbox.filter((m) => m.destination.to.includes(e.dsl));
    const alertsPerCase = alertWorthy.map((c) => alertEmails.filter((m) => (m.body.text ?? '').includes(c.caseId)).length);
    const digestEmails = outbox.filter((m) => m.destination.to.includes(e.monitor) && !m.subject.startsWith('Safeguarding alert'));
    perEntity.push({
      entityId: e.id,
      published: world.published(e.id).length,
      stored: counts.total,
      /** Non-case mentions whose text the digest can still show: must equal stored minus cases. */
      withContent: content.length,
      nonCase: counts.total - counts.cases,
      cases: cases.length,
      casesWithoutEvidence: needEvidence.length,
      alertWorthy: alertWorthy.length,
      alertsPerCase,
      alertEmails: alertEmails.length,
      alertsMarkedSent: alertWorthy.filter((c) => c.alertSentAt).length,
      digestEmails: digestEmails.length,
      day: londonDay(day),
    });
  }
  return perEntity;
}
