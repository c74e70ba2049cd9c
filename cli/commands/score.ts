import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadTrustConfig } from '../../shared/config/load.js';
import { createMatcher } from '../../shared/match/matcher.js';
import type { Matcher } from '../../shared/match/types.js';
import { createScorer } from '../../shared/score/scorer.js';
import type { Scorer } from '../../shared/score/types.js';

const DEFAULT_CONFIG = resolve(dirname(fileURLToPath(import.meta.url)), '../../config/example.trust.yaml');

/** One mention to score, as a JSONL line. Bounded so one bad line cannot exhaust memory. */
export const ScoreInput = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string().max(1_000_000, 'text is over 1 MB; trim it before scoring'),
  source: z.string().max(100).optional(),
  url: z.string().max(4096).optional(),
  author: z.string().max(300).optional(),
  hasImage: z.boolean().optional(),
  hasVideo: z.boolean().optional(),
});

/** Scores one JSONL line; returns the output line, or an error sentence naming the line number. */
export function scoreLine(line: string, lineNumber: number, matcher: Matcher, scorer: Scorer): { output?: string; error?: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: `line ${lineNumber}: not valid JSON; each line must be one object like {"id":"1","text":"..."}` };
  }
  const parsed = ScoreInput.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'the line';
    const problem = issue.code === 'invalid_type' && /undefined/.test(issue.message) ? 'is missing' : issue.message;
    return { error: `line ${lineNumber}: "${field}" ${problem}; each line needs "id" and "text"` };
  }
  const input = parsed.data;
  const score = scorer.score(input.text, { platform: input.source, hasImage: input.hasImage, hasVideo: input.hasVideo });
  const academies = matcher.match(input.text).entityIds;
  // The issue's line shape: each axis is its severity and categories, nothing more.
  const axis = ({ severity, categories }: { severity: number; categories: string[] }) => ({ severity, categories });
  return {
    output: JSON.stringify({ id: input.id, academies, safeguarding: axis(score.safeguarding), reputational: axis(score.reputational), reasons: score.reasons }),
  };
}

export function register(program: Command): void {
  program
    .command('score')
    .description('score mentions from JSONL ({"id","text"} per line; stdin without --input) and print one JSON result per line')
    .option('-c, --config <file>', 'trust config (YAML or JSON): academies and extra lexicon', DEFAULT_CONFIG)
    .option('-i, --input <file>', 'JSONL file of mentions; reads stdin when omitted')
    .action(async (opts: { config: string; input?: string }) => {
      const config = loadTrustConfig(opts.config);
      const matcher = createMatcher(config);
      const scorer = createScorer({ extraLexicon: config.lexicon });
      if (opts.input) {
        try {
          await access(opts.input, constants.R_OK);
        } catch (err) {
          throw new Error(`Cannot read ${opts.input} (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path given with --input.`);
        }
      }
      const stream = opts.input ? createReadStream(opts.input, { encoding: 'utf8' }) : process.stdin;
      let lineNumber = 0;
      let failed = 0;
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        lineNumber++;
        if (!line.trim()) continue;
        const result = scoreLine(line, lineNumber, matcher, scorer);
        if (result.output) process.stdout.write(`${result.output}\n`);
        else {
          failed++;
          process.stderr.write(`${result.error}\n`);
        }
      }
      if (failed) process.exitCode = 1;
    });
}
