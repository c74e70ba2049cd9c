import { Parser } from 'htmlparser2';

/**
 * A small, bounded XML tree for feeds, built on htmlparser2's tolerant tokenizer (chosen by
 * measurement, see test/feeds/bench-xml.ts): it never reads a DTD, so entity bombs and external
 * entities are inert; it decodes only the five XML entities and numeric references; and it keeps
 * going through truncated or malformed markup, so a cut-off feed still yields its complete items.
 */

export interface XmlElement {
  /** Canonical qualified name: a well-known prefix for a known namespace ('atom:link', 'dc:date'), else the local name. */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Still open when the document ended: a feed cut off inside it, so its last fields may be half-written. */
  cut?: true;
}
export type XmlNode = XmlElement | string;

export interface XmlLimits {
  /** Elements kept in the whole document; past it the rest is dropped with a warning. */
  maxElements: number;
  /** Elements nested deeper than this are dropped from the tree (feeds need about 10). */
  maxDepth: number;
  /** Characters of text kept per element. */
  maxTextChars: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxElements: 200_000, maxDepth: 64, maxTextChars: 1_000_000 };

/**
 * Documents whose tags stay open deeper than this are refused: htmlparser2 keeps its open-element
 * stack with Array.unshift, so work grows with depth times elements, and 5 MB of unclosed tags
 * would take minutes (measured: 400,000 levels of `<1>`, 59 s). Real feeds nest about 10 deep.
 */
export const MAX_OPEN_ELEMENTS = 512;

/** A feed's items, so that a document over maxElements leaves out its oldest items instead of its last ones. */
export interface XmlRecords {
  /** Canonical names of item elements; only the outermost in a branch (not the root) counts. */
  names: string[];
  /** The item's date as an ISO string: the later, the more worth keeping; undated items go first. */
  dateOf: (el: XmlElement) => string | undefined;
  /**
   * The most items worth keeping: the reader of the feed keeps only its newest few hundred, so a
   * document of 700,000 tiny items need not hold 200,000 of them in memory at once.
   */
  maxKept: number;
}

export interface XmlDocument {
  root?: XmlElement;
  warnings: string[];
  /** Items (see XmlRecords) read whole but left out, beyond maxKept or to stay within maxElements: undated ones first, then the oldest. */
  droppedRecords: number;
  /** Set when the document was refused part-way through; says why, for a person. */
  refused?: string;
}

/**
 * HTML void tags pasted unescaped into a feed (<br>, <img ...>) never close in XML, so every one
 * would nest the rest of the document one level deeper. Written self-closing, they do no harm.
 */
export function closeHtmlVoidTags(xml: string): string {
  return xml.replace(/<(br|hr|img|wbr|input|col|area)\b([^<>]*?)\/?>/gi, '<$1$2/>');
}

/** Namespaces feeds use, by URI, mapped to the prefix this code looks them up by ('' = no prefix). */
const KNOWN_NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

/** The same prefixes when a feed uses them without declaring them (common in hand-made feeds). */
const CONVENTIONAL_PREFIXES = new Set(['atom', 'rdf', 'dc', 'dcterms', 'content', 'media', 'itunes', 'feedburner', 'xhtml', 'xml']);

/**
 * Removes a DOCTYPE and its internal subset before tokenising. htmlparser2 would not expand the
 * entities, but markup inside entity values would otherwise surface as stray elements.
 */
export function stripDoctype(xml: string): { xml: string; stripped: boolean; declaredEntities: boolean } {
  const start = xml.search(/<!DOCTYPE/i);
  // Only a DOCTYPE in the prolog counts; one later in the document is just text to the tokenizer.
  if (start < 0 || /<[A-Za-z_]/.test(xml.slice(0, start))) return { xml, stripped: false, declaredEntities: false };
  let i = start + 9;
  let quote: string | undefined;
  let inSubset = false;
  let declaredEntities = false;
  for (; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (inSubset && (xml.startsWith('<!--', i) || xml.startsWith('<?', i))) {
      // A quote in a comment or processing instruction ("don't") opens no string.
      const [open, close] = xml[i + 1] === '!' ? ['<!--', '-->'] : ['<?', '?>'];
      const end = xml.indexOf(close, i + open.length);
      i = end < 0 ? xml.length : end + close.length - 1;
    } else if (inSubset && c === '<' && xml.startsWith('<!ENTITY', i)) declaredEntities = true;
    else if (c === '>' && !inSubset) break;
  }
  return { xml: xml.slice(0, start) + xml.slice(i + 1), stripped: true, declaredEntities };
}

interface KeptRecord {
  el: XmlElement;
  parent: XmlElement;
  /** Its place in parent.children, which only grows while the document is read. */
  position: number;
  /** Elements in it, itself included: what leaving it out gives back. */
  elements: number;
  /** Its place among the items, in document order. */
  index: number;
  /** Its date, '' when it has none; read once the document goes over the cap. */
  at?: string;
}

/** Takes the place of an item left out until the tree is pruned. */
const LEFT_OUT: XmlElement = { name: '', attrs: {}, children: [] };

/** Which of two items to leave out first: the older, and of two the same age the later in the document, as capItems does. */
const leaveOutFirst = (a: KeptRecord, b: KeptRecord): boolean => a.at! < b.at! || (a.at === b.at && a.index > b.index);

/**
 * The items kept so far. Over maxElements, the oldest are left out to make room: an archive listed
 * oldest first would otherwise lose exactly the newest items, the ones a monitor wants. Items are
 * dated only once the document first goes over, so documents under the cap pay nothing for this;
 * from then on they sit in a binary heap, oldest on top, so each item costs O(log n).
 */
class RecordKeeper {
  private heap: KeptRecord[] = [];
  private dated = false;
  private readonly parents = new Set<XmlElement>();
  /** Left out beyond maxKept: the feed reader would have left them out too, so no warning of its own. */
  droppedOverCount = 0;
  /** Left out to stay within maxElements. */
  droppedForRoom = 0;
  /** Of those left out for room, the ones with no date (or none dateOf could read): they go before any dated one. */
  droppedUndated = 0;
  /** Elements in the items kept so far. */
  elements = 0;

  constructor(private readonly records: XmlRecords) {}

  isRecord(name: string): boolean {
    return this.records.names.includes(name);
  }

  get dropped(): number {
    return this.droppedOverCount + this.droppedForRoom;
  }

  /** Keeps an item read whole, leaving out the oldest if that makes more than maxKept; returns the elements freed. */
  add(record: KeptRecord): number {
    this.heap.push(record);
    this.elements += record.elements;
    if (this.dated) {
      record.at = this.records.dateOf(record.el) ?? '';
      this.siftUp(this.heap.length - 1);
    }
    if (this.heap.length <= this.records.maxKept) return 0;
    if (!this.dated) this.dateAll();
    this.droppedOverCount++;
    return this.leaveOutOldest().elements;
  }

  /** Leaves out the oldest items until `excess` elements are freed or none are left; returns the elements freed. */
  makeRoom(excess: number): number {
    if (!this.dated) this.dateAll();
    let freed = 0;
    while (freed < excess && this.heap.length > 0) {
      const oldest = this.leaveOutOldest();
      this.droppedForRoom++;
      if (oldest.at === '') this.droppedUndated++;
      freed += oldest.elements;
    }
    return freed;
  }

  private leaveOutOldest(): KeptRecord {
    const oldest = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    // Stands in for the item at once, so its elements can be freed while the rest of the document is read.
    oldest.parent.children[oldest.position] = LEFT_OUT;
    this.parents.add(oldest.parent);
    this.elements -= oldest.elements;
    return oldest;
  }

  /** Takes the items left out out of the tree; done once at the end, as removing each in turn would cost O(n) apiece. */
  prune(): void {
    for (const parent of this.parents) parent.children = parent.children.filter((c) => c !== LEFT_OUT);
  }

  private dateAll(): void {
    this.dated = true;
    for (const record of this.heap) record.at = this.records.dateOf(record.el) ?? '';
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!leaveOutFirst(this.heap[i], this.heap[up])) return;
      this.swap(i, up);
      i = up;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      let first = i;
      if (left < heap.length && leaveOutFirst(heap[left], heap[first])) first = left;
      if (left + 1 < heap.length && leaveOutFirst(heap[left + 1], heap[first])) first = left + 1;
      if (first === i) return;
      this.swap(i, first);
      i = first;
    }
  }

  private swap(i: number, j: number): void {
    const record = this.heap[i];
    this.heap[i] = this.heap[j];
    this.heap[j] = record;
  }
}

/** Says which items were left out to stay within maxElements: those without a readable date go first, so they are named apart. */
function leftOutWarning(maxElements: number, dropped: number, undated: number): string {
  const dated = dropped - undated;
  const parts = [
    undated === 1 ? 'an item with no readable date' : undated > 1 ? `${undated} items with no readable date` : '',
    dated === 1 ? 'its oldest item' : dated > 1 ? `its ${dated} oldest items` : '',
  ];
  return `the feed has more than ${maxElements} XML elements; left out ${parts.filter(Boolean).join(' and ')} to stay within that`;
}

/**
 * Without `records`, a document over maxElements keeps its first elements. With them, each item is
 * weighed by date as it ends and the oldest are left out, beyond maxKept items or to stay within
 * maxElements, so the newest survive whichever order the feed lists them in. Only the item being read takes the tree past the cap, and by at most the cap,
 * so memory stays within twice the cap.
 */
export function parseXml(input: string, limits: XmlLimits = DEFAULT_XML_LIMITS, records?: XmlRecords): XmlDocument {
  const warnings: string[] = [];
  const doctype = stripDoctype(closeHtmlVoidTags(input));
  if (doctype.declaredEntities) warnings.push('the feed declares its own XML entities; they were ignored, not expanded');

  let root: XmlElement | undefined;
  let afterRoot = false;
  const stack: XmlElement[] = [];
  /**
   * Elements open in htmlparser2's own stack: every push and pop reaches us as onopentag and
   * onclosetag, so this cannot disagree with the parser about what opened a tag.
   */
  let open = 0;
  let tooDeep = false;
  /** Prefix maps in scope, one per open element (including the ones we drop for depth). */
  const scopes: Record<string, string | undefined>[] = [{ xml: 'http://www.w3.org/XML/1998/namespace' }];
  /** Depth of open elements we are skipping (past maxDepth or maxElements); their text is dropped too. */
  let skipping = 0;
  let elements = 0;
  const keeper = records && new RecordKeeper(records);
  /** The outermost item being read, if any. */
  let current: KeptRecord | undefined;
  let recordsRead = 0;
  let textChars = new WeakMap<XmlElement, number>();
  let cutElements = false;
  let cutText = false;
  let truncated = false;
  let ending = false;

  const lookupNs = (prefix: string): string | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) if (prefix in scopes[i]) return scopes[i][prefix];
    return undefined;
  };
  /**
   * Whether one more element would go past maxElements. An item, even one starting past the cap, is
   * read and weighed against the older ones when it ends; it is cut only where it would not fit
   * beside the rest of the document even alone, that is beside everything but the items kept.
   */
  const overCap = (startsRecord: boolean): boolean => {
    if (!current && !startsRecord) return elements >= limits.maxElements;
    return elements - (keeper?.elements ?? 0) >= limits.maxElements;
  };
  const canonical = (qname: string, isAttribute: boolean): string => {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    // Unprefixed attributes are in no namespace, whatever the default namespace is.
    if (isAttribute && prefix === '') return local;
    const uri = lookupNs(prefix);
    if (uri !== undefined) {
      const known = KNOWN_NAMESPACES[uri] ?? KNOWN_NAMESPACES[uri.replace(/\/?$/, '/')];
      if (known !== undefined) return known ? `${known}:${local}` : local;
      return prefix ? `${prefix}:${local}` : local;
    }
    if (prefix === '') return local;
    return CONVENTIONAL_PREFIXES.has(prefix.toLowerCase()) ? `${prefix.toLowerCase()}:${local}` : `${prefix}:${local}`;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (++open > MAX_OPEN_ELEMENTS) {
          tooDeep = true;
          // The tokenizer stops here and never reads the rest, so the cost ends at the limit.
          parser.pause();
          return;
        }
        const scope: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(attribs)) {
          if (k === 'xmlns') scope[''] = v;
          else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
        }
        scopes.push(scope);
        if (skipping > 0 || afterRoot) {
          skipping++;
          return;
        }
        const qname = canonical(name, false);
        const startsRecord = !current && stack.length > 0 && keeper?.isRecord(qname) === true;
        const full = overCap(startsRecord);
        if (stack.length >= limits.maxDepth || full) {
          cutElements ||= full;
          skipping = 1;
          return;
        }
        const attrs: Record<string, string> = {};
        for (const [k, v] of Object.entries(attribs)) {
          if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
          attrs[canonical(k, true)] = v;
        }
        const el: XmlElement = { name: qname, attrs, children: [] };
        elements++;
        if (stack.length === 0) root = el;
        else stack[stack.length - 1].children.push(el);
        if (startsRecord) {
          const parent = stack[stack.length - 1];
          current = { el, parent, position: parent.children.length - 1, elements: 0, index: recordsRead++ };
        }
        if (current) current.elements++;
        stack.push(el);
      },
      onclosetag() {
        open--;
        scopes.pop();
        if (ending) truncated = true;
        if (skipping > 0) {
          skipping--;
          return;
        }
        const el = stack.pop();
        if (ending && el) el.cut = true;
        if (keeper && current && el === current.el) {
          // An item cut off by the end of the document is left out by the feed reader anyway, so it must not push out a whole one.
          if (!ending) {
            elements -= keeper.add(current);
            if (elements > limits.maxElements) elements -= keeper.makeRoom(elements - limits.maxElements);
          }
          current = undefined;
        }
        if (stack.length === 0 && root) afterRoot = true;
      },
      ontext(text) {
        const el = stack[stack.length - 1];
        if (!el || skipping > 0) return;
        const used = textChars.get(el) ?? 0;
        if (used >= limits.maxTextChars) {
          cutText = true;
          return;
        }
        const kept = text.length + used > limits.maxTextChars ? text.slice(0, limits.maxTextChars - used) : text;
        cutText ||= kept.length < text.length;
        textChars.set(el, used + kept.length);
        const last = el.children[el.children.length - 1];
        if (typeof last === 'string') el.children[el.children.length - 1] = last + kept;
        else el.children.push(kept);
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(doctype.xml);
  if (tooDeep) {
    return {
      warnings,
      droppedRecords: 0,
      refused: `its XML leaves tags open more than ${MAX_OPEN_ELEMENTS} levels deep, so it is broken or hostile; reading stopped there.`,
    };
  }
  // Elements still open now are closed by end(): that is a truncated document, not a mismatched tag.
  ending = true;
  parser.end();
  textChars = new WeakMap();
  keeper?.prune();
  const droppedRecords = keeper?.dropped ?? 0;

  if (truncated) warnings.push('the feed ends before its XML is complete (truncated?); kept what could be read');
  if (keeper && keeper.droppedForRoom > 0) warnings.push(leftOutWarning(limits.maxElements, keeper.droppedForRoom, keeper.droppedUndated));
  if (cutElements) warnings.push(`the feed has more than ${limits.maxElements} XML elements; the rest was ignored`);
  if (cutText) warnings.push(`some text was longer than ${limits.maxTextChars} characters and was cut`);
  if (!root) warnings.push('no XML elements found');
  return { root, warnings, droppedRecords };
}

export const isElement = (n: XmlNode): n is XmlElement => typeof n !== 'string';

/** Direct children with one of the given canonical names. */
export function childrenNamed(el: XmlElement, ...names: string[]): XmlElement[] {
  return el.children.filter((c): c is XmlElement => isElement(c) && names.includes(c.name));
}

export function childNamed(el: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const name of names) {
    const found = el.children.find((c): c is XmlElement => isElement(c) && c.name === name);
    if (found) return found;
  }
  return undefined;
}

/** All text inside an element, in document order. */
export function textContent(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

/** HTML elements with no end tag: "</br>" would read as a second line break. */
const HTML_VOID = new Set(['br', 'hr', 'img', 'wbr', 'input', 'col', 'area', 'meta', 'link', 'source', 'embed', 'param', 'track', 'base']);

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The markup inside an element (for Atom type="xhtml" content), re-escaped so it can be read as HTML. */
export function innerMarkup(el: XmlElement): string {
  return el.children
    .map((c) => {
      if (typeof c === 'string') return escapeXml(c);
      const local = c.name.replace(/^xhtml:/, '');
      const attrs = Object.entries(c.attrs)
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join('');
      return HTML_VOID.has(local.toLowerCase()) ? `<${local}${attrs}>` : `<${local}${attrs}>${innerMarkup(c)}</${local}>`;
    })
    .join('');
}
