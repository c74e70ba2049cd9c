import { hashString } from './hash.js';

/**
 * Word clusters: groups of words that general English uses alike ("cocaine", "heroin", "narcotics";
 * "lawsuit", "litigation", "compensation"), from public word embeddings. The classifier sees a
 * word's cluster as one more feature, so a word no training post used still weighs like the words
 * it is clustered with. Only the clusters ship (stem hash -> cluster number, about 180 KB), never
 * the embeddings: no download, and no arithmetic on vectors per post.
 *
 * `mention-monitor clusters` builds the file (build-clusters.ts); docs/scoring.md says from what and how.
 */
export interface WordClustersFile {
  version: 1;
  /** Where the embeddings came from, and their licence. */
  source: string;
  /** How many of the source's most frequent words were clustered, and into how many clusters. */
  words: number;
  clusters: number;
  /** Base64: the stems' hashes (`hashString(wordFeature(key))`), little-endian uint32, ascending. */
  stems: string;
  /** Base64: each stem's cluster number, little-endian uint16, in the order of `stems`. */
  cluster: string;
}

const REPAIR =
  'Restore the committed copy (git checkout shared/score/model/word-clusters.json), or rebuild it with "mention-monitor clusters --embeddings FILE" and then run "npm run train" (docs/scoring.md).';

/** The feature id of cluster `c`: hashed like every other feature, in a namespace of its own. */
export const clusterFeature = (c: number): number => hashString(`cluster:${c}`);

/** Stem hash -> its cluster's feature id. */
export interface WordClusters {
  readonly size: number;
  get(stem: number): number | undefined;
}

/**
 * Reads a clusters file, checking it holds what it says. Looked up by binary search over the sorted
 * hashes, so loading builds nothing per word: it is part of every Lambda's cold start.
 */
export function loadWordClusters(file: WordClustersFile): WordClusters {
  if (file?.version !== 1 || !Number.isInteger(file.clusters) || file.clusters < 1 || file.clusters > 0xffff || typeof file.stems !== 'string' || typeof file.cluster !== 'string') {
    throw new Error(`The word-clusters file is not one this version reads. ${REPAIR}`);
  }
  const stems = decode(file.stems, Uint32Array);
  const cluster = decode(file.cluster, Uint16Array);
  if (stems.length !== cluster.length) throw new Error(`The word-clusters file has ${stems.length} stems but ${cluster.length} cluster numbers. ${REPAIR}`);
  for (let i = 0; i < stems.length; i++) {
    if (cluster[i] >= file.clusters) throw new Error(`The word-clusters file names cluster ${cluster[i]} of ${file.clusters}. ${REPAIR}`);
    if (i > 0 && stems[i] <= stems[i - 1]) throw new Error(`The word-clusters file is out of order. ${REPAIR}`);
  }
  const features = Array.from({ length: file.clusters }, (_, c) => clusterFeature(c));
  return {
    size: stems.length,
    get(stem) {
      let lo = 0;
      let hi = stems.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (stems[mid] < stem) lo = mid + 1;
        else if (stems[mid] > stem) hi = mid - 1;
        else return features[cluster[mid]];
      }
      return undefined;
    },
  };
}

function decode<A extends Uint32Array | Uint16Array>(base64: string, Type: { new (b: ArrayBuffer): A; BYTES_PER_ELEMENT: number }): A {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % Type.BYTES_PER_ELEMENT) throw new Error(`The word-clusters file is cut short. ${REPAIR}`);
  // Copied into an aligned buffer; the arrays are read as little-endian, as every supported Node platform is.
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
}
