import { FUNCTION_WORDS, wordFeature } from './features.js';
import { hashString } from './hash.js';
import type { WordClustersFile } from './word-clusters.js';

export interface Embeddings {
  /** Words, most frequent first. */
  words: readonly string[];
  /** The vector of `words[i]`: `dimensions` numbers from `i * dimensions`. */
  vectors: Float32Array;
  dimensions: number;
}

/**
 * Clusters the stems of the first `words` words of `embeddings` into `clusters` groups: words that
 * share a stem are averaged, then spherical k-means (cosine similarity) from evenly spaced starting
 * points, so the same embeddings always give the same file.
 */
export function buildWordClusters(embeddings: Embeddings, options: { words: number; clusters: number; iterations: number; source: string; keyOf: (word: string) => string | undefined }): WordClustersFile {
  const D = embeddings.dimensions;
  const sums = new Map<number, Float32Array>();
  for (let i = 0; i < Math.min(options.words, embeddings.words.length); i++) {
    const key = options.keyOf(embeddings.words[i]);
    // Function words are not features on their own (features.ts), so they need no cluster.
    if (!key || key.length < 2 || FUNCTION_WORDS.has(key)) continue;
    const stem = hashString(wordFeature(key));
    let sum = sums.get(stem);
    if (!sum) sums.set(stem, (sum = new Float32Array(D)));
    const vector = unit(embeddings.vectors.subarray(i * D, (i + 1) * D));
    for (let d = 0; d < D; d++) sum[d] += vector[d];
  }
  const stems = [...sums.keys()].sort((a, b) => a - b);
  // Clustered in the order the words were first met (most frequent first), so the starting points
  // spread over common and rare words alike.
  const order = [...sums.keys()];
  const points = new Float32Array(order.length * D);
  order.forEach((stem, i) => points.set(unit(sums.get(stem)!), i * D));
  const assignment = kmeans(points, D, Math.min(options.clusters, order.length), options.iterations);
  const clusterOf = new Map(order.map((stem, i) => [stem, assignment[i]]));
  return {
    version: 1,
    source: options.source,
    words: options.words,
    clusters: Math.min(options.clusters, order.length),
    stems: Buffer.from(Uint32Array.from(stems).buffer).toString('base64'),
    cluster: Buffer.from(Uint16Array.from(stems, (s) => clusterOf.get(s)!).buffer).toString('base64'),
  };
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d] * v[d];
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

/** Spherical k-means over unit vectors; returns each point's cluster. */
function kmeans(points: Float32Array, D: number, k: number, iterations: number): Uint16Array {
  const n = points.length / D;
  const centres = new Float32Array(k * D);
  for (let c = 0; c < k; c++) {
    const i = Math.floor((c * n) / k);
    centres.set(points.subarray(i * D, (i + 1) * D), c * D);
  }
  const assignment = new Uint16Array(n);
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += points[i * D + d] * centres[c * D + d];
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      if (assignment[i] !== best || it === 0) moved++;
      assignment[i] = best;
    }
    if (!moved) break;
    const sums = new Float32Array(k * D);
    for (let i = 0; i < n; i++) for (let d = 0; d < D; d++) sums[assignment[i] * D + d] += points[i * D + d];
    for (let c = 0; c < k; c++) {
      const centre = unit(sums.subarray(c * D, (c + 1) * D));
      // An empty cluster keeps its old centre rather than becoming the zero vector.
      if (centre.some((x) => x !== 0)) centres.set(centre, c * D);
    }
  }
  return assignment;
}
