import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildWeights, serialiseWeights, trainingFiles, WEIGHTS_FILE } from '../../cli/commands/train.js';
import { createClassifier, type WeightsFile } from '../../shared/score/model/classifier.js';
import { featureNorm, featuresOf, FUNCTION_WORDS, stem, wordFeature } from '../../shared/score/model/features.js';
import { hashString, pairHash } from '../../shared/score/model/hash.js';
import { loadWordClusters, type WordClustersFile } from '../../shared/score/model/word-clusters.js';
import shippedClusters from '../../shared/score/model/word-clusters.json' with { type: 'json' };
import { train, type Example, type TrainedModel } from '../../shared/score/model/train.js';
import { analyse, wordCount } from '../../shared/score/normalise.js';
import { ALONE_MIN_WORDS, modelFamily } from '../../shared/score/rules/model.js';
import type { Analysis, Hit } from '../../shared/score/analysis.js';

const tokens = (text: string) => analyse(text).tokens;
const idOf = (word: string) => hashString(wordFeature(word));
const clusters = loadWordClusters(shippedClusters as WordClustersFile);
const clusterOf = (word: string) => clusters.get(idOf(word));

describe('classifier features', () => {
  it('maps the common forms of a word to one stem', () => {
    for (const [forms, root] of [[['cutting', 'cuts', 'cut'], 'cut'], [['bullied', 'bullies'], 'bully'], [['threatened', 'threatening', 'threatens'], 'threaten']] as const) {
      for (const form of forms) expect(stem(form), form).toBe(root);
    }
  });

  it('reads a leet or spaced word as the plain word, through the shared normaliser', () => {
    expect(featuresOf(tokens('k1ll')).ids).toEqual(featuresOf(tokens('kill')).ids);
    expect(featuresOf(tokens('s u i c i d e')).ids).toEqual(featuresOf(tokens('suicide')).ids);
  });

  it('keeps function words only inside word pairs', () => {
    const ids = featuresOf(tokens('better off without me')).ids;
    expect(ids).not.toContain(idOf('off'));
    expect(ids).toContain(idOf('better'));
    expect(ids).toContain(pairHash(idOf('better'), idOf('off')));
  });

  it('drops every function word as a word of its own, including those stemming changes ("this", "really")', () => {
    for (const word of FUNCTION_WORDS) {
      expect(featuresOf(tokens(word)).ids, word).toEqual([]);
    }
  });

  it('does not read "news" as "new"', () => {
    expect(idOf('news')).not.toBe(idOf('new'));
  });

  it('lists each feature once, with the words it came from', () => {
    const f = featuresOf(tokens('sad sad sad'));
    expect(f.ids).toEqual([idOf('sad'), clusterOf('sad'), pairHash(idOf('sad'), idOf('sad'))]);
    expect([f.from[1], f.to[1]]).toEqual([0, 1]);
    expect([f.from[2], f.to[2]]).toEqual([0, 2]);
  });

  it("adds each word's cluster, so a word no training post used weighs like its kind", () => {
    expect(clusterOf('heroin')).toBeDefined();
    expect(clusterOf('heroin')).toBe(clusterOf('cocaine'));
    expect(clusterOf('lawsuit')).toBeDefined();
    expect(clusterOf('lawsuit')).toBe(clusterOf('litigation'));
    expect(clusterOf('heroin')).not.toBe(clusterOf('lawsuit'));
    expect(featuresOf(tokens('narcotics')).ids).toContain(clusterOf('narcotics'));
    // A word outside the clustered vocabulary has its stem alone.
    expect(featuresOf(tokens('zxqvword')).ids).toEqual([idOf('zxqvword')]);
  });

  it('treats numbers by their length, not their value', () => {
    expect(featuresOf(tokens('07700 900123')).ids).toEqual(featuresOf(tokens('07911 123456')).ids);
  });

  it('reads nothing in a link, and pairs no words across one', () => {
    for (const link of ['https://t.co/Xk3LmN9pQr', 'www.example.com/a-b', 'bit.ly/3xYz']) {
      expect(featuresOf(tokens(`see you ${link}`)).ids).toEqual(featuresOf(tokens('see you')).ids);
      expect(featuresOf(tokens(`sorry ${link} everyone`)).ids).not.toContain(pairHash(idOf('sorry'), idOf('everyone')));
    }
  });
});

/** Packs feature rows (one weight per head) into a weights file's keys and rows, ids ascending. */
function packed(rows: [id: number, weights: number[]][]): Pick<WeightsFile, 'keys' | 'rows'> {
  const sorted = [...rows].sort(([a], [b]) => a - b);
  return {
    keys: Buffer.from(Uint32Array.from(sorted.map(([id]) => id)).buffer).toString('base64'),
    rows: Buffer.from(Int8Array.from(sorted.flatMap(([, w]) => w)).buffer).toString('base64'),
  };
}

/** A hand-made weights file: "apple" pushes the first head up, "pear" the second. */
function toyWeights(): WeightsFile {
  return {
    version: 3,
    heads: ['self_harm', 'complaint'],
    bias: [-2, -2],
    thresholds: [0.5, 0.5],
    scale: 0.1,
    ...packed([
      [idOf('apple'), [100, 0]],
      [idOf('pear'), [0, 100]],
    ]),
    trainedOn: { files: [], posts: 0 },
  };
}

/** Weights where each feature in `ids` pushes self_harm (head 0) hard and nothing else weighs. */
function selfHarmFeatures(ids: number[]): WeightsFile {
  return { ...toyWeights(), ...packed(ids.map((id) => [id, [100, 0]])) };
}
const selfHarmWords = (words: string[]): WeightsFile => selfHarmFeatures(words.map(idOf));

/** Heads [a category, its axis's any-concern head]: `words` push the category, `axisWord` only the axis head. */
function categoryAndAxis(heads: [string, string], words: string[], axisWord: string): WeightsFile {
  return { ...toyWeights(), heads, ...packed([...words.map((w): [number, number[]] => [idOf(w), [100, 0]]), [idOf(axisWord), [0, 100]]]) };
}

describe('classifier', () => {
  const classifier = createClassifier(toyWeights());

  const fired = (text: string, extra?: number[]) => {
    const verdict = classifier.classify(tokens(text), extra);
    return classifier.heads.filter((_, k) => verdict.fired(k));
  };

  it('fires a head when the post holds its weighted words, and quotes them', () => {
    expect(fired('an apple a day')).toEqual(['self_harm']);
    const verdict = classifier.classify(tokens('an apple a day'));
    // bias -2, one weight of 10 over sqrt(7) distinct features ("apple", "day", their two clusters, "an apple", "apple a", "a day")
    expect(featuresOf(tokens('an apple a day')).ids).toHaveLength(7);
    expect(verdict.probability(0)).toBeCloseTo(1 / (1 + Math.exp(-(-2 + 10 / Math.sqrt(7)))), 6);
    expect(verdict.evidence(0)).toEqual([{ from: 1, to: 2 }]);
  });

  it('stays quiet on a post without them, and still gives every head a probability', () => {
    expect(fired('a banana')).toEqual([]);
    expect(fired('')).toEqual([]);
    const verdict = classifier.classify(tokens('a banana'));
    expect([verdict.probability(0), verdict.probability(1)]).toEqual([1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(2))]);
  });

  it('reads features from outside the text, such as what the rules found', () => {
    expect(fired('a banana', [idOf('pear')])).toEqual(['complaint']);
  });

  it('refuses a damaged weights file with what to do', () => {
    const { rows } = toyWeights();
    expect(() => createClassifier({ ...toyWeights(), rows: Buffer.from(rows, 'base64').subarray(1).toString('base64') })).toThrow(/not one row per key.*npm run train/);
    expect(() => createClassifier({ ...toyWeights(), keys: Buffer.from([1, 2, 3]).toString('base64') })).toThrow(/whole 32-bit ids/);
    expect(() => createClassifier({ ...toyWeights(), bias: [0] })).toThrow(/one entry per head/);
    expect(() => createClassifier({ ...toyWeights(), scale: 'x' as unknown as number })).toThrow(/not a number/);
    const { keys } = toyWeights();
    const reversed = Buffer.from(new Uint32Array(Uint8Array.from(Buffer.from(keys, 'base64')).buffer).reverse().buffer).toString('base64');
    expect(() => createClassifier({ ...toyWeights(), keys: reversed })).toThrow(/not ascending/);
    // A file of the previous format (version 2: counts and pairs, no rows) gets the same advice, not a decoding error.
    const { rows: _rows, ...older } = toyWeights();
    expect(() => createClassifier({ ...older, version: 2, counts: 'AQE=', pairs: 'AGQBZA==' } as unknown as WeightsFile)).toThrow(/version 2, expected 3.*npm run train/);
  });

  it('quotes a word once when the word and a pair holding it both weigh most', () => {
    // "apple" weighs for self_harm; give the pair "an apple" a weight too: the quote is "an apple", not "an apple … apple"
    const pairId = pairHash(idOf('an'), idOf('apple'));
    const ids = [idOf('apple'), pairId];
    const file = {
      ...toyWeights(),
      heads: ['self_harm'],
      bias: [-2],
      thresholds: [0.5],
      ...packed(ids.map((id) => [id, [id === pairId ? 120 : 100]])),
    };
    const evidence = createClassifier(file).classify(tokens('an apple a day')).evidence(0);
    expect(evidence).toEqual([{ from: 0, to: 2 }]);
  });
});

describe('training', () => {
  // The trainer's float model read directly, before the weights are quantised for the classifier.
  const predict = (model: TrainedModel, features: number[]): number[] =>
    model.heads.map((_, k) => {
      let z = model.bias[k];
      for (const f of features) z += (model.weights.get(f)?.[k] ?? 0) * featureNorm(features.length);
      return 1 / (1 + Math.exp(-z));
    });
  const example = (text: string, target: 0 | 1): Example => ({ features: featuresOf(tokens(text)).ids, targets: [target] });
  const posts = [
    ...['the canteen food is awful', 'awful parking again at the gate', 'awful communication from the office', 'the awful new uniform'].map((t) => example(t, 1)),
    ...['lovely sports day', 'great concert tonight', 'lovely new library', 'great results this year'].map((t) => example(t, 0)),
  ];

  it('learns a word that separates the classes, and generalises it to a new post', () => {
    const model = train(['complaint'], posts, { epochs: 30, learningRate: 0.3, l2: 1e-4, minCount: 2, maxPositiveWeight: 4 });
    const [complaint] = predict(model, featuresOf(tokens('awful behaviour policy')).ids);
    const [praise] = predict(model, featuresOf(tokens('lovely summer fair')).ids);
    expect(complaint).toBeGreaterThan(0.5);
    expect(praise).toBeLessThan(0.5);
  });
});

describe('the shipped weights', () => {
  it('are exactly what the training files give (npm run train)', { timeout: 120_000 }, () => {
    expect(serialiseWeights(buildWeights().weights) === readFileSync(WEIGHTS_FILE, 'utf8')).toBe(true);
  });
});

describe('model rule family', () => {
  const analysis = (text: string, hits: Analysis['hits'] = []): Analysis => ({
    ...analyse(text),
    context: {},
    masked: new Uint8Array(0),
    cues: new Map(),
    classes: new Map(),
    hits,
  });

  it('adds a category no rule found when two words of the post weigh towards it, quoting them', () => {
    const a = analysis('an apple a day keeps him away');
    modelFamily(createClassifier(selfHarmWords(['apple', 'day']))).apply(a);
    expect(a.hits).toEqual([expect.objectContaining({ category: 'self_harm', rule: 'model:self_harm', match: 'apple … day', severity: 2 })]);
  });

  it("adds the category at low (worth a glance) when the axis's any-concern head does not fire", () => {
    const file = categoryAndAxis(['self_harm', 'safeguarding_any'], ['apple', 'day'], 'plum');
    const severityOf = (text: string) => {
      const a = analysis(text);
      modelFamily(createClassifier(file)).apply(a);
      return a.hits.map((h) => [h.category, h.severity]);
    };
    expect(severityOf('an apple a day keeps him away')).toEqual([['self_harm', 1]]);
    expect(severityOf('an apple a day keeps the plum away')).toEqual([['self_harm', 2]]);
  });

  it('counts a word pair as two words of evidence', () => {
    const a = analysis('cuts again since friday, nobody knows');
    modelFamily(createClassifier(selfHarmFeatures([pairHash(idOf('cuts'), idOf('again'))]))).apply(a);
    expect(a.hits).toEqual([expect.objectContaining({ category: 'self_harm', match: 'cuts again' })]);
  });

  it('adds nothing on one word, however much it weighs (a bare name, a post it cannot read)', () => {
    const a = analysis('an apple a day keeps him away');
    modelFamily(createClassifier(selfHarmWords(['apple']))).apply(a);
    expect(a.hits).toEqual([]);
  });

  it('adds nothing to a post too short for it to read, which is left to the rules', () => {
    // "pear" and "plum" weigh for self_harm (head 0) and complaint (head 1); the rest of the post is filler.
    const classifier = createClassifier({ ...toyWeights(), ...packed([idOf('pear'), idOf('plum')].map((id) => [id, [100, 100]])) });
    const categoriesOf = (text: string) => {
      const a = analysis(text);
      modelFamily(classifier).apply(a);
      return a.hits.map((h) => h.category);
    };
    const post = (words: number, extra = '') => ['pear', 'plum', ...Array.from({ length: words - 2 }, () => 'and')].join(' ') + extra;
    expect(categoriesOf(post(ALONE_MIN_WORDS.safeguarding - 1))).toEqual([]);
    expect(categoriesOf(post(ALONE_MIN_WORDS.safeguarding))).toEqual(['self_harm']);
    // Reputational categories need more words.
    expect(categoriesOf(post(ALONE_MIN_WORDS.reputational - 1))).toEqual(['self_harm']);
    expect(categoriesOf(post(ALONE_MIN_WORDS.reputational))).toEqual(['self_harm', 'complaint']);
    // Links, emoji and bare numbers do not make a short post long enough.
    expect(categoriesOf(post(ALONE_MIN_WORDS.safeguarding - 1, ' https://t.co/Xk3LmN9pQr 🍐🍐 3:45 12/03/2024'))).toEqual([]);
  });

  it('counts words as a reader does', () => {
    expect(wordCount(analyse('great match lads #NorthbrookAcademyFC @MrSmithPE'))).toBe(5);
    expect(wordCount(analyse('see you at 3:45 on 12/03/2024 https://t.co/Xk3LmN9pQr 🙌🙌'))).toBe(4);
    expect(wordCount(analyse('Ünïcode wörds ĉi'))).toBe(3);
    expect(wordCount(analyse(''))).toBe(0);
  });

  it('leaves a category a rule already found to the rule', () => {
    const ruleHit = { category: 'self_harm' as const, severity: 3, rule: 'lexicon:self_harm.x', match: 'apple', from: 1, to: 2, phrase: 'apple' };
    const a = analysis('an apple a day', [ruleHit]);
    modelFamily(createClassifier(toyWeights())).apply(a);
    expect(a.hits).toEqual([ruleHit]);
    expect(ruleHit).not.toHaveProperty('dropped');
  });

  it("raises a rule's low finding to a case when the classifier reads the category and its axis as a concern", () => {
    const file = categoryAndAxis(['complaint', 'reputational_any'], ['pear', 'plum'], 'fig');
    const severitiesOf = (text: string) => {
      const low: Hit = { category: 'complaint', severity: 1, rule: 'lexicon:complaint.x', match: 'staff walked past', from: 0, to: 1, phrase: 'x' };
      const a = analysis(text, [low]);
      modelFamily(createClassifier(file)).apply(a);
      return a.hits.filter((h) => !h.dropped).map((h) => [h.rule, h.severity]);
    };
    const post = 'pear and plum and more and more and more and more';
    expect(severitiesOf(`${post} fig`)).toEqual([['lexicon:complaint.x', 1], ['model:complaint', 2]]);
    // Without the axis head the rule's low finding says it all: no second, low copy.
    expect(severitiesOf(post)).toEqual([['lexicon:complaint.x', 1]]);
  });

  it("drops a rule's category when the classifier is nearly sure it is harmless here", () => {
    // complaint: bias -2 and no weighted word, probability 0.12, under the reputational bar of 0.15
    const ruleHit: Hit = { category: 'complaint', severity: 2, rule: 'lexicon:complaint.x', match: 'day', from: 3, to: 4, phrase: 'day' };
    const a = analysis('an apple a day', [ruleHit]);
    modelFamily(createClassifier(toyWeights())).apply(a);
    expect(ruleHit.dropped).toMatch(/harmless/);
  });

  it('never drops a self-harm finding, however sure the classifier is that it is harmless', () => {
    // self_harm: bias -8 and no weighted word, probability 0.0003, far under the safeguarding bar of 0.1
    const ruleHit: Hit = { category: 'self_harm', severity: 3, rule: 'lexicon:self_harm.x', match: 'day', from: 3, to: 4, phrase: 'day' };
    const a = analysis('an apple a day', [ruleHit]);
    modelFamily(createClassifier({ ...toyWeights(), bias: [-8, -2] })).apply(a);
    expect(ruleHit).not.toHaveProperty('dropped');
  });
});

describe('training data', () => {
  // Word sets, so a training post that only reorders or re-punctuates a held-out post is still caught.
  const words = (text: string) => new Set(text.toLowerCase().replace(/[^a-z0-9 ]/g, ' ').split(/\s+/).filter((w) => w.length > 2));
  const texts = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);

  it('holds no near-copy of a post the scorer is measured on (dev set, held-out batches, the public benchmark sample)', () => {
    const fixtures = new URL('./fixtures/', import.meta.url).pathname;
    // The dev set lives beside the repository (../shared) and may be absent; the held-out batches are in it.
    const dev = new URL('../../../shared/eval/dev.jsonl', import.meta.url).pathname;
    const measured = [...(existsSync(dev) ? [dev] : []), ...readdirSync(fixtures).filter((f) => f.endsWith('.jsonl')).map((f) => fixtures + f)]
      .flatMap(texts)
      .map(words);
    // Measured posts by word, so each training post is compared only with those sharing a word with it
    // (a pass over every pair took over a minute at 21,000 training posts).
    const byWord = new Map<string, number[]>();
    measured.forEach((m, k) => {
      for (const x of m) {
        const list = byWord.get(x);
        if (list) list.push(k);
        else byWord.set(x, [k]);
      }
    });
    const copies = trainingFiles().flatMap(texts).filter((text) => {
      const w = words(text);
      if (w.size < 3) return false;
      const shared = new Map<number, number>();
      for (const x of w) for (const k of byWord.get(x) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
      return [...shared].some(([k, n]) => n / (w.size + measured[k].size - n) >= 0.5);
    });
    expect(copies).toEqual([]);
  });
});
