import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';
import { evaluate, formatEvaluation, LabelledItem, qualityBarFailures, type Prediction } from '../../shared/score/evaluate.js';
import { createScorer } from '../../shared/score/scorer.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_EVAL_SET = resolve(REPO_ROOT, '../shared/eval/dev.jsonl');
const DEFAULT_CONFIG = resolve(REPO_ROOT, 'config/example.trust.yaml');

/** Reads a labelled JSONL set; a bad line is an error naming the line, since a silent skip would flatter the figures. */
export function readLabelledSet(file: string): LabelledItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the labelled set ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path given with --input.`);
  }
  const items: LabelledItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${file} line ${i + 1} is not valid JSON: fix or remove that line.`);
    }
    const parsed = LabelledItem.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file} line ${i + 1}: "${issue.path.join('.')}" ${issue.message}. See shared/eval/GUIDE.md for the format.`);
    }
    items.push(parsed.data);
  });
  return items;
}

export type Half = 'all' | 'odd' | 'even';

/** Odd and even ids split the set in two for a tune-on-one, check-on-the-other estimate of generalisation. */
export const inHalf = (id: string, half: Half): boolean => {
  if (half === 'all') return true;
  const n = Number(/(\d+)\s*$/.exec(id)?.[1] ?? Number.NaN);
  return Number.isFinite(n) && (n % 2 === 1) === (half === 'odd');
};

export function register(program: Command): void {
  program
    .command('eval')
    .description('score a labelled set and print precision, recall and the quality bar for the scorer and the academy matcher')
    .option('-c, --config <file>', 'trust config (YAML or JSON)', DEFAULT_CONFIG)
    .option('-i, --input <file>', 'labelled JSONL (see shared/eval/GUIDE.md)', DEFAULT_EVAL_SET)
    .option('--half <half>', 'all, odd or even ids: evaluate one half of the set', 'all')
    .action((opts: { config: string; input: string; half: string }) => {
      if (!['all', 'odd', 'even'].includes(opts.half)) throw new Error(`--half must be all, odd or even, not "${opts.half}".`);
      const config = loadTrustConfig(opts.config);
      const matcher = createMatcher(config);
      const scorer = createScorer({ extraLexicon: config.lexicon });
      const items = readLabelledSet(opts.input).filter((item) => inHalf(item.id, opts.half as Half));
      const predictions: Prediction[] = items.map((item) => ({
        id: item.id,
        academies: matcher.match(item.text).entityIds,
        score: scorer.score(item.text, { platform: item.source }),
      }));
      const result = evaluate(items, predictions);
      const failures = qualityBarFailures(result);
      process.stdout.write(`${formatEvaluation(result)}\n\n`);
      process.stdout.write(failures.length ? `Below the quality bar:\n${failures.map((f) => `  - ${f}`).join('\n')}\n` : 'Meets the quality bar.\n');
    });
}
