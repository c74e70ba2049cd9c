import type { Token } from '../normalise.js';
import { featureNorm, featuresOf } from './features.js';

/**
 * The trained classifier at run time: a weight per feature and head, summed and squashed. The
 * weights file is written by `npm run train` (cli/commands/train.ts) and ships in the repo, so a
 * Lambda reads it from its bundle: no download, no native code.
 */

/**
 * The weights file. Weights are stored packed (base64 of little-endian arrays) so the Lambda
 * parses a few strings, not hundreds of thousands of JSON numbers, at cold start. Rows are dense:
 * pruning keeps nearly every head's weight for a feature (about 20 of 21), so a (head, weight) pair
 * list would take twice the bytes of the row itself.
 */
export interface WeightsFile {
  version: 3;
  heads: string[];
  bias: number[];
  /** Per head, the probability at and above which the head fires (set by `npm run train`: cli/commands/train.ts). */
  thresholds: number[];
  /** A stored integer weight times `scale` is the real weight. */
  scale: number;
  /** Uint32 feature ids (features.ts), ascending. */
  keys: string;
  /** Int8 quantised weights, one row of `heads.length` per key, in the order of `keys`. */
  rows: string;
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

const damaged = (what: string): Error => new Error(`The scorer weights file is damaged (${what}): run "npm run train" to rebuild it.`);

/**
 * A damaged, hand-edited or older weights file would put weights in the wrong rows, or make every
 * probability NaN, silently: refuse it instead. The fields are checked before anything is decoded.
 */
function checkFields(file: WeightsFile): void {
  const h = file.heads.length;
  if (file.version !== 3) throw damaged(`version ${String(file.version)}, expected 3`);
  if (file.bias.length !== h || file.thresholds.length !== h) throw damaged('bias or thresholds do not have one entry per head');
  if (![...file.bias, ...file.thresholds, file.scale].every(Number.isFinite)) throw damaged('a bias, threshold or scale is not a number');
  if (typeof file.keys !== 'string' || typeof file.rows !== 'string') throw damaged('the keys or rows are missing');
}

function checkRows(h: number, keyBytes: Uint8Array, rowBytes: Uint8Array): Uint32Array {
  if (keyBytes.length % 4 !== 0) throw damaged('the keys are not whole 32-bit ids');
  if (rowBytes.length !== (keyBytes.length / 4) * h) throw damaged('the weights are not one row per key');
  const keys = new Uint32Array(keyBytes.slice().buffer);
  for (let r = 0; r < keys.length; r++) if (keys[r] === 0 || (r > 0 && keys[r] <= keys[r - 1])) throw damaged('the keys are not ascending feature ids');
  return keys;
}

export function createClassifier(file: WeightsFile): Classifier {
  checkFields(file);
  const h = file.heads.length;
  const rowBytes = bytes(file.rows);
  const keys = checkRows(h, bytes(file.keys), rowBytes);
  const weights = new Int8Array(rowBytes.buffer, rowBytes.byteOffset, rowBytes.byteLength);

  // Open addressing on the feature id, each slot its key and row side by side: one probe per word, no
  // strings, no per-feature objects.
  const size = 1 << Math.ceil(Math.log2(keys.length * 2 + 2));
  const mask = size - 1;
  const slots = new Uint32Array(size * 2);
  for (let r = 0; r < keys.length; r++) {
    let s = keys[r] & mask;
    while (slots[s * 2] !== 0) s = (s + 1) & mask;
    slots[s * 2] = keys[r];
    slots[s * 2 + 1] = r;
  }
  const rowOf = (id: number): number => {
    for (let s = id & mask; slots[s * 2] !== 0; s = (s + 1) & mask) if (slots[s * 2] === id) return slots[s * 2 + 1];
    return -1;
  };
  const addRow = (z: Float64Array, id: number): void => {
    const row = rowOf(id);
    if (row < 0) return;
    for (let k = 0, at = row * h; k < h; k++, at++) z[k] += weights[at];
  };
  const weightOf = (row: number, head: number): number => weights[row * h + head] * file.scale;

  // The sums are only needed until the probabilities are out, so one buffer serves every post.
  const sums = new Float64Array(h);

  return {
    heads: file.heads,
    classify(tokens, extra = []) {
      const features = featuresOf(tokens);
      const ids = features.ids;
      // Words and rule features are summed in place: no merged id list per post.
      sums.fill(0);
      for (let i = 0; i < ids.length; i++) addRow(sums, ids[i]);
      for (let i = 0; i < extra.length; i++) addRow(sums, extra[i]);
      const norm = featureNorm(ids.length + extra.length) * file.scale;
      const z: number[] = [];
      for (let k = 0; k < h; k++) z.push(1 / (1 + Math.exp(-(file.bias[k] + sums[k] * norm))));
      return {
        probability: (k) => z[k],
        fired: (k) => z[k] >= file.thresholds[k],
        // Only words are quoted: a rule's own reason already says what the rule found. Few posts ask
        // for evidence, so the rows are looked up again here rather than kept for every post.
        evidence: (k) => {
          const found: { w: number; i: number }[] = [];
          for (let i = 0; i < ids.length; i++) {
            const row = rowOf(ids[i]);
            if (row < 0) continue;
            const w = weightOf(row, k);
            if (w > 0) found.push({ w, i });
          }
          // A word and a pair holding it can both weigh most; quoting both would repeat the word.
          const picked: { w: number; i: number }[] = [];
          for (const e of found.sort((a, b) => b.w - a.w)) {
            if (picked.length === EVIDENCE) break;
            const overlaps = picked.some((p) => features.from[e.i] < features.to[p.i] && features.from[p.i] < features.to[e.i]);
            if (!overlaps) picked.push(e);
          }
          return picked.sort((a, b) => a.i - b.i).map((e) => ({ from: features.from[e.i], to: features.to[e.i] }));
        },
      };
    },
  };
}
