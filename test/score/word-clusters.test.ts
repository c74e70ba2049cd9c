import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEmbeddings } from '../../cli/commands/clusters.js';
import { buildWordClusters } from '../../shared/score/model/build-clusters.js';
import { wordFeature } from '../../shared/score/model/features.js';
import { hashString } from '../../shared/score/model/hash.js';
import { loadWordClusters, type WordClusters, type WordClustersFile } from '../../shared/score/model/word-clusters.js';
import { tempDir } from '../support/temp.js';

// Two obvious groups in 3 dimensions: drugs along x, legal words along y; "the" is a function word.
const GLOVE = ['the 1 1 1', 'cocaine 1 0.1 0', 'lawsuit 0 1 0.1', 'heroin 0.9 0 0.1', 'litigation 0.1 0.9 0', 'heroines 0.8 0.1 0'].join('\n');

function gloveFile(text: string): string {
  const file = join(tempDir('clusters-'), 'vectors.txt');
  writeFileSync(file, text);
  return file;
}

const keyOf = (w: string) => w;
const clusterOf = (map: WordClusters, word: string) => map.get(hashString(wordFeature(word)));

describe('word clusters', () => {
  it('groups words the embeddings place together, and merges the forms of one stem', async () => {
    const embeddings = await readEmbeddings(gloveFile(GLOVE), 100);
    expect(embeddings.words).toEqual(['the', 'cocaine', 'lawsuit', 'heroin', 'litigation', 'heroines']);
    const file = buildWordClusters(embeddings, { words: 100, clusters: 2, iterations: 10, source: 'test', keyOf });
    const map = loadWordClusters(file);
    expect(clusterOf(map, 'cocaine')).toBe(clusterOf(map, 'heroin'));
    expect(clusterOf(map, 'lawsuit')).toBe(clusterOf(map, 'litigation'));
    expect(clusterOf(map, 'cocaine')).not.toBe(clusterOf(map, 'lawsuit'));
    // "heroines" shares the stem "heroine", not "heroin", so it is a word of its own, placed by its vector.
    expect(clusterOf(map, 'heroines')).toBe(clusterOf(map, 'cocaine'));
    expect(clusterOf(map, 'the')).toBeUndefined();
    expect(map.size).toBe(5);
  });

  it('reads only the most frequent words asked for', async () => {
    expect((await readEmbeddings(gloveFile(GLOVE), 2)).words).toEqual(['the', 'cocaine']);
  });

  it('names the line of a damaged embeddings file', async () => {
    await expect(readEmbeddings(gloveFile('good 1 2\nbad 1 x'), 100)).rejects.toThrow(/line 2/);
    await expect(readEmbeddings(gloveFile('good 1 2\nshort 1'), 100)).rejects.toThrow(/"short" has 1 numbers/);
    // Two spaces between numbers are one separator, not a zero.
    expect((await readEmbeddings(gloveFile('good 1  2'), 100)).vectors).toEqual(Float32Array.from([1, 2]));
  });

  it('refuses a damaged clusters file, saying how to rebuild it', () => {
    const good: WordClustersFile = { version: 1, source: 't', words: 1, clusters: 2, stems: Buffer.from(Uint32Array.from([5]).buffer).toString('base64'), cluster: Buffer.from(Uint16Array.from([1]).buffer).toString('base64') };
    expect(loadWordClusters(good).size).toBe(1);
    expect(() => loadWordClusters({ ...good, version: 2 as 1 })).toThrow(/git checkout .*mention-monitor clusters/);
    expect(() => loadWordClusters({ ...good, stems: undefined as unknown as string })).toThrow(/not one this version reads/);
    expect(() => loadWordClusters({ ...good, cluster: Buffer.from(Uint16Array.from([1, 0]).buffer).toString('base64') })).toThrow(/1 stems but 2/);
    expect(() => loadWordClusters({ ...good, cluster: Buffer.from(Uint16Array.from([9]).buffer).toString('base64') })).toThrow(/cluster 9 of 2/);
    expect(() => loadWordClusters({ ...good, stems: Buffer.from([1, 2, 3]).toString('base64') })).toThrow(/cut short/);
    const twoStems = { ...good, cluster: Buffer.from(Uint16Array.from([1, 0]).buffer).toString('base64') };
    expect(() => loadWordClusters({ ...twoStems, stems: Buffer.from(Uint32Array.from([7, 5]).buffer).toString('base64') })).toThrow(/out of order/);
  });
});
