import type { Command } from 'commander';
import { LocalSecrets } from '../../shared/adapters/local/secrets.js';
import { loadTrustConfig } from '../../shared/config/load.js';
import { sourceId } from '../../shared/config/schema.js';
import { createMatcher } from '../../shared/match/matcher.js';
import { createHttpClient } from '../../shared/net/http.js';
import { mentionText } from '../../shared/pipeline/poll-cycle.js';
import { createScorer } from '../../shared/score/scorer.js';
import { pollSource } from '../../shared/sources/registry.js';
import { DEFAULT_CONFIG, findEntity } from './local-options.js';

export function register(program: Command): void {
  program
    .command('poll')
    .description("poll one academy's configured sources now and print, as JSON lines, what would be stored (nothing is stored)")
    .requiredOption('-a, --academy <id>', 'academy id from the config, e.g. millfield (or "trust")')
    .option('-s, --source <id>', 'only this source (its id, or its type when it has no id)')
    .requiredOption('--dry-run', 'print instead of storing (the only mode: storing happens in the deployed poller or "run")')
    .option('-c, --config <file>', 'trust config (YAML or JSON)', DEFAULT_CONFIG)
    .action(async (opts: { academy: string; source?: string; config: string }) => {
      const config = loadTrustConfig(opts.config);
      const entity = findEntity(config, opts.academy);
      const sources = entity.sources.filter((s) => s.enabled && (!opts.source || sourceId(s) === opts.source));
      if (sources.length === 0) {
        throw new Error(
          opts.source
            ? `Academy "${entity.id}" has no enabled source "${opts.source}"; its sources are: ${entity.sources.map(sourceId).join(', ') || 'none'}.`
            : `Academy "${entity.id}" has no enabled sources; add some under its "sources:" in ${opts.config}.`,
        );
      }
      const matcher = createMatcher(config);
      const scorer = createScorer({ extraLexicon: config.lexicon });
      const http = createHttpClient();
      const secrets = new LocalSecrets();
      let failures = 0;
      for (const source of sources) {
        try {
          const result = await pollSource({ entity, source, http, secrets, now: new Date() });
          for (const mention of result.mentions) {
            const match = matcher.match(mentionText(mention));
            const stored = match.entityIds.includes(entity.id);
            const score = stored ? scorer.score(mentionText(mention), { hasImage: mention.media.image, hasVideo: mention.media.video, platform: mention.platform }) : undefined;
            const { raw: _raw, ...shown } = mention;
            process.stdout.write(`${JSON.stringify({ wouldStore: stored, ...shown, academies: match.entityIds, match: match.reasons, score })}\n`);
          }
          process.stderr.write(`${sourceId(source)}: ${result.mentions.length} items\n`);
        } catch (err) {
          failures++;
          process.stderr.write(`${sourceId(source)} failed: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
      if (failures) process.exitCode = 1;
    });
}
