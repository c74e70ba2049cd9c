/** The 32-bit hashes features are stored under (features.ts, word-clusters.ts). */

/** FNV-1a over UTF-16 code units: stable across machines and Node versions. Never 0 (0 marks an empty slot). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

/** The feature of two neighbouring words. */
export const pairHash = (a: number, b: number): number => (Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ 0x5bd1e995) >>> 0 || 1;
