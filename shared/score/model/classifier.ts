import type { Token } from '../normalise.js';
import { featureNorm, featuresOf } from './features.js';

/**
 * The trained classifier at run time: a weight per feature and head, summed and squashed. The
 * weights file is written by `npm run train` (cli/commands/train.ts) and ships in the repo, so a
 * Lambda reads it from its bundle: no download, no native code.
 */

/**
 * The weights file. Weights are stored packed (base64 of little-endian arrays) so the Lambda
 * parses a few strings, not tens of thousands of JSON numbers, at cold start.
 */
export interface WeightsFile {
  version: 2;
  heads: string[];
  bias: number[];
  /** Per head, the probability at and above which the head fires (chosen on held-out folds at training time). */
  thresholds: number[];
  /** A stored integer weight times `scale` is the real weight. */
  scale: number;
  /** Uint32 feature ids (features.ts), ascending. */
  keys: string;
  /** Uint8 per feature: how many (head, weight) pairs it has. */
  counts: string;
  /** Int8 pairs, feature by feature: head index, quantised weight. */
  pairs: string;
  /** Where the weights came from, for people. */
  trainedOn: { files: string[]; posts: number };
}

/** The classifier's verdict on one post, per head (in the order of `heads`). */
export interface Verdict {
  probability(head: number): number;
  /** At or above the head's threshold. */
  fired(head: number): boolean;
  /** The token ranges of the post's words that pushed this head up most. */
  evidence(head: number): { from: number; to: number }[];
}

export interface Classifier {
  heads: readonly string[];
  /** The verdict on the post's words plus `extra` features (ids from outside the text: what the rules found, see rules/model.ts). */
  classify(tokens: readonly Token[], extra?: readonly number[]): Verdict;
}

/** The separate head that says whether a safeguarding concern is high (severity 3 and above). */
export const HIGH_HEAD = 'safeguarding_high';
/** Heads that say whether there is any concern on an axis (severity 2 and above), whatever its category. */
export const AXIS_HEADS = { safeguarding: 'safeguarding_any', reputational: 'reputational_any' } as const;

const EVIDENCE = 3;

const bytes = (b64: string): Uint8Array => {
  const buffer = Buffer.from(b64, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
};

export function createClassifier(file: WeightsFile): Classifier {
  const h = file.heads.length;
  const keyBytes = bytes(file.keys);
  const keys = new Uint32Array(keyBytes.slice().buffer);
  const counts = bytes(file.counts);
  const pairs = new Int8Array(bytes(file.pairs).slice().buffer);
  if (counts.length !== keys.length) throw new Error('The scorer weights file is damaged (keys and counts differ): run "npm run train".');

  // Open addressing on the feature id: one probe per word, no strings, no per-feature objects.
  const size = 1 << Math.ceil(Math.log2(keys.length * 2 + 2));
  const mask = size - 1;
  const slotKey = new Uint32Array(size);
  const slotRow = new Uint32Array(size);
  const rowStart = new Uint32Array(keys.length + 1);
  for (let r = 0; r < keys.length; r++) {
    rowStart[r + 1] = rowStart[r] + counts[r] * 2;
    let s = keys[r] & mask;
    while (slotKey[s] !== 0) s = (s + 1) & mask;
    slotKey[s] = keys[r];
    slotRow[s] = r;
  }
  const rowOf = (id: number): number => {
    for (let s = id & mask; slotKey[s] !== 0; s = (s + 1) & mask) if (slotKey[s] === id) return slotRow[s];
    return -1;
  };
  const weightOf = (row: number, head: number): number => {
    for (let j = rowStart[row]; j < rowStart[row + 1]; j += 2) if (pairs[j] === head) return pairs[j + 1] * file.scale;
    return 0;
  };

  return {
    heads: file.heads,
    classify(tokens, extra = []) {
      const features = featuresOf(tokens);
      const ids = extra.length ? [...features.ids, ...extra] : features.ids;
      const z = new Float64Array(h);
      const rows: number[] = [];
      const at: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        const row = rowOf(ids[i]);
        if (row < 0) continue;
        rows.push(row);
        at.push(i);
        for (let j = rowStart[row]; j < rowStart[row + 1]; j += 2) z[pairs[j]] += pairs[j + 1];
      }
      const norm = featureNorm(ids.length) * file.scale;
      for (let k = 0; k < h; k++) z[k] = 1 / (1 + Math.exp(-(file.bias[k] + z[k] * norm)));
      return {
        probability: (k) => z[k],
        fired: (k) => z[k] >= file.thresholds[k],
        // Only words are quoted: a rule's own reason already says what the rule found.
        evidence: (k) =>
          rows
            .map((row, i) => ({ w: weightOf(row, k), i: at[i] }))
            .filter((e) => e.w > 0 && e.i < features.ids.length)
            .sort((a, b) => b.w - a.w)
            .slice(0, EVIDENCE)
            .sort((a, b) => a.i - b.i)
            .map((e) => ({ from: features.from[e.i], to: features.to[e.i] })),
      };
    },
  };
}
