import { featureNorm } from './features.js';

/**
 * Build-time training of the scorer's classifier: one logistic regression per head over the
 * features of features.ts, fitted with AdaGrad. Deterministic (a seeded shuffle, no random
 * start), so the weights in the repo are exactly what `npm run train` writes from the training
 * files: anyone can check them. Nothing here runs in a Lambda.
 */

export interface Example {
  /** Distinct feature ids of one post (features.ts). */
  features: number[];
  /** One 0/1 target per head, in the model's head order; null where the label is unknown. */
  targets: (0 | 1 | null)[];
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per update, scaled by the learning rate. */
  l2: number;
  /** Features seen in fewer posts than this are dropped: one-off words only memorise. */
  minCount: number;
  /** Positives of a rare head weigh up to this many times a negative. */
  maxPositiveWeight: number;
}

export const DEFAULT_TRAINING: TrainOptions = { epochs: 40, learningRate: 0.3, l2: 1e-4, minCount: 3, maxPositiveWeight: 4 };

export interface TrainedModel {
  heads: string[];
  bias: number[];
  weights: Map<number, Float64Array>;
}

export function train(heads: string[], examples: Example[], options: TrainOptions = DEFAULT_TRAINING): TrainedModel {
  const counts = new Map<number, number>();
  for (const e of examples) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, n]) => n >= options.minCount).map(([f]) => f).sort((a, b) => a - b);
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const h = heads.length;
  const w = new Float64Array(vocabulary.length * h);
  const g2 = new Float64Array(vocabulary.length * h).fill(1e-8);
  const bias = new Float64Array(h);
  const bias2 = new Float64Array(h).fill(1e-8);

  const rows = examples.map((e) => ({
    ids: e.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined),
    norm: featureNorm(e.features.length),
    targets: e.targets,
  }));
  const positiveWeight = heads.map((_, k) => {
    let pos = 0;
    let neg = 0;
    for (const r of rows) if (r.targets[k] === 1) pos++;
    else if (r.targets[k] === 0) neg++;
    return pos ? Math.min(options.maxPositiveWeight, Math.max(1, Math.sqrt(neg / pos))) : 1;
  });

  // A seeded shuffle mixes posts from different files yet keeps training repeatable.
  const order = shuffled(rows.length, 20261124);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const r of order.map((i) => rows[i])) {
      const norm = r.norm;
      for (let k = 0; k < h; k++) {
        const target = r.targets[k];
        if (target === null) continue;
        let z = bias[k];
        for (const id of r.ids) z += w[id * h + k] * norm;
        const p = 1 / (1 + Math.exp(-z));
        const grad = (p - target) * (target === 1 ? positiveWeight[k] : 1);
        bias2[k] += grad * grad;
        bias[k] -= (options.learningRate * grad) / Math.sqrt(bias2[k]);
        for (const id of r.ids) {
          const j = id * h + k;
          const g = grad * norm + options.l2 * w[j];
          g2[j] += g * g;
          w[j] -= (options.learningRate * g) / Math.sqrt(g2[j]);
        }
      }
    }
  }

  const weights = new Map<number, Float64Array>();
  vocabulary.forEach((f, i) => weights.set(f, w.slice(i * h, (i + 1) * h)));
  return { heads, bias: [...bias], weights };
}

/** A Fisher-Yates shuffle driven by mulberry32, a small seeded generator. */
function shuffled(n: number, seed: number): number[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
