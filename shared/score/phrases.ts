import { analyse, squeezeAll, wordKey, type Token } from './normalise.js';

/**
 * Phrase matching over the token stream: linear in the text, no regular expression over
 * untrusted input, so no catastrophic backtracking whatever a post contains.
 *
 * Phrase syntax (lexicon JSON and trust config alike):
 *   words          matched after normalisation, so "kill myself" also finds "k1ll my self"
 *   word*          a word starting with these letters ("suicid*": suicide, suicidal)
 *   *              any one word ("dad * me": "dad hit me", "dad hits me")
 *   ...            up to three words ("meet ... after school")
 *   #              a number ("battered # #": "battered 5-0", a score, not a fight)
 *   emoji          as a word ("🔪", "🍆 💦")
 */
export type Part = { kind: 'word'; key: string } | { kind: 'prefix'; key: string } | { kind: 'any' } | { kind: 'number' } | { kind: 'gap' };

export interface Phrase<T> {
  parts: Part[];
  source: string;
  value: T;
}

export interface PhraseMatch<T> {
  phrase: Phrase<T>;
  /** Token index range, end exclusive. */
  from: number;
  to: number;
}

const MAX_GAP = 3;

export function parsePhrase(source: string): Part[] {
  const parts: Part[] = [];
  for (const piece of source.trim().split(/\s+/)) {
    if (piece === '*') parts.push({ kind: 'any' });
    else if (piece === '#') parts.push({ kind: 'number' });
    else if (piece === '...') parts.push({ kind: 'gap' });
    else if (piece.length > 1 && piece.endsWith('*')) {
      for (const t of analyse(piece.slice(0, -1)).tokens) parts.push({ kind: 'word', key: t.key });
      const last = parts.pop();
      if (!last || last.kind !== 'word' || last.key.length < 3) {
        throw new Error(`The phrase "${source}" ends a word with "*" after fewer than 3 letters; write at least 3 letters before the "*".`);
      }
      parts.push({ kind: 'prefix', key: last.key });
    } else if (/^[a-z]+$/.test(piece)) {
      parts.push({ kind: 'word', key: wordKey(piece) });
    } else {
      for (const t of analyse(piece).tokens) parts.push({ kind: 'word', key: t.key });
    }
  }
  return parts;
}

/** A trie over phrase parts: a post is matched by walking it, so the cost per word does not grow with the lexicon. */
interface Node<T> {
  words?: Map<string, Node<T>>;
  /** A bit per first letter of the keys of `words` (`letterBit`): most words after a phrase's first word continue none, and are turned away here without a map lookup. */
  letters: number;
  /** `words` by their squeezed forms ("kil" for "kill"), reached only by a loose word in a post (Token.loose). */
  loose?: Map<string, Node<T>>;
  /** The third field marks a squeezed form, reached only by a loose word (Token.loose). */
  prefixes?: [string, Node<T>, boolean][];
  any?: Node<T>;
  number?: Node<T>;
  gap?: Node<T>;
  ends?: Phrase<T>[];
}

// Every node gets every field up front: one shape for the whole trie, its fields held in the object itself.
const newNode = <T>(): Node<T> => ({ words: undefined, letters: 0, loose: undefined, prefixes: undefined, any: undefined, number: undefined, gap: undefined, ends: undefined });

/** Compiles phrases once; `find` then runs per post. */
export class PhraseSet<T> {
  private readonly root: Node<T> = newNode<T>();
  /** Phrases that start with a word prefix ("suicid*"), indexed by its first three letters. */
  private readonly rootPrefixes = new Map<string, [string, Node<T>, boolean][]>();

  /** `joined`: also index each multi-word phrase as one word, for spelled-out evasion; idioms and cues need not. */
  constructor(private readonly joined = true) {}

  add(source: string, value: T): void {
    const parts = parsePhrase(source);
    const first = parts[0];
    if (!first || first.kind === 'any' || first.kind === 'number' || first.kind === 'gap') {
      throw new Error(`The phrase "${source}" must start with a word; remove the leading "*", "#" or "...".`);
    }
    this.insert({ parts, source, value });
    // Spelled-out evasion joins letters into one word ("k i l l m y s e l f" -> "kilmyself"), so a
    // multi-word phrase of plain words is also findable as its joined form.
    if (this.joined && parts.length > 1 && parts.every((p) => p.kind === 'word')) {
      // Indexed as written ("killmyself"); insert adds its squeezed form for a spaced or stretched one.
      const joined = parts.map((p) => (p as { key: string }).key).join('');
      if (squeezeAll(joined).length >= 6) this.insert({ parts: [{ kind: 'word', key: joined }], source, value });
    }
  }

  private insert(phrase: Phrase<T>): void {
    let node = this.root;
    phrase.parts.forEach((part, i) => {
      // A stretched word in a post is squeezed ("kiiiill" -> "kil"), so a word with double letters is
      // also reachable by its squeezed form, but only from a loose token (stretched, or no English
      // word): ordinary words keep their double letters ("feel" is not "fell", "nose" is not "noose").
      const loose = part.kind === 'word' || part.kind === 'prefix' ? squeezeAll(part.key) : '';
      if (part.kind === 'word') {
        node.words ??= new Map();
        let next = node.words.get(part.key);
        if (!next) node.words.set(part.key, (next = newNode<T>()));
        node.letters |= letterBit(part.key);
        if (loose !== part.key && !(node.loose ??= new Map()).has(loose)) node.loose.set(loose, next);
        node = next;
      } else if (part.kind === 'prefix') {
        const list = i === 0 ? this.rootList(part.key) : (node.prefixes ??= []);
        let next = list.find(([p, , squeezed]) => p === part.key && !squeezed)?.[1];
        if (!next) {
          list.push([part.key, (next = newNode<T>()), false]);
          // The root's prefixes are indexed by three letters, so a shorter squeezed form could never be found there.
          if (loose !== part.key && (i > 0 || loose.length >= 3)) (i === 0 ? this.rootList(loose) : list).push([loose, next, true]);
        }
        node = next;
      } else if (part.kind === 'any') node = node.any ??= newNode<T>();
      else if (part.kind === 'number') node = node.number ??= newNode<T>();
      else node = node.gap ??= newNode<T>();
    });
    (node.ends ??= []).push(phrase);
  }

  private rootList(prefix: string): [string, Node<T>, boolean][] {
    const head = prefix.slice(0, 3);
    let list = this.rootPrefixes.get(head);
    if (!list) this.rootPrefixes.set(head, (list = []));
    return list;
  }

  /** Every match, including overlapping ones; `skip` marks tokens that must not take part (masked idioms). */
  find(tokens: Token[], skip?: Uint8Array): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (skip?.[i]) continue;
      const token = tokens[i];
      const key = token.key;
      const next = this.root.words?.get(key);
      if (next) walk(next, tokens, i + 1, i, skip, found);
      if (token.loose) {
        const squeezed = this.root.loose?.get(key);
        if (squeezed) walk(squeezed, tokens, i + 1, i, skip, found);
      }
      if (token.head && this.rootPrefixes.size) {
        const list = this.rootPrefixes.get(token.head);
        if (list) for (const [prefix, node, squeezed] of list) if ((!squeezed || token.loose) && key.startsWith(prefix)) walk(node, tokens, i + 1, i, skip, found);
      }
    }
    return found;
  }
}

const letterBit = (key: string): number => 1 << (key.charCodeAt(0) & 31);

/** Walks the trie from `node` at token `t`; gaps are bounded, so the work per start word is bounded. */
function walk<T>(node: Node<T>, tokens: Token[], t: number, from: number, skip: Uint8Array | undefined, found: PhraseMatch<T>[]): void {
  if (node.ends) for (const phrase of node.ends) found.push({ phrase, from, to: t });
  if (node.gap) {
    for (let g = 0; g <= MAX_GAP && t + g <= tokens.length; g++) {
      if (g > 0 && skip?.[t + g - 1]) break;
      walk(node.gap, tokens, t + g, from, skip, found);
    }
  }
  if (t >= tokens.length || skip?.[t]) return;
  const token = tokens[t];
  const key = token.key;
  if (node.letters & letterBit(key)) {
    const next = node.words?.get(key);
    if (next) walk(next, tokens, t + 1, from, skip, found);
  }
  if (token.loose && node.loose) {
    const squeezed = node.loose.get(key);
    if (squeezed) walk(squeezed, tokens, t + 1, from, skip, found);
  }
  if (node.prefixes) for (const [prefix, child, squeezed] of node.prefixes) if ((!squeezed || token.loose) && key.startsWith(prefix)) walk(child, tokens, t + 1, from, skip, found);
  if (node.any) walk(node.any, tokens, t + 1, from, skip, found);
  if (node.number && isNumber(key)) walk(node.number, tokens, t + 1, from, skip, found);
}

function isNumber(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return key.length > 0;
}
