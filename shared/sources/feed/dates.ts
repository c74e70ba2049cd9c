/**
 * Feed dates as UTC ISO-8601. RSS uses RFC 822 ("Tue, 24 Nov 2026 08:00:00 GMT", often with "BST"
 * or a missing weekday), Atom and Dublin Core use W3C-DTF/ISO 8601. Unparseable dates give
 * undefined rather than a guess.
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
  // Publishers' localised month abbreviations we have seen in UK-facing feeds.
  mär: 2, mrz: 2, mai: 4, okt: 9, dez: 11, janv: 0, févr: 1, fevr: 1, avr: 3, juin: 5, juil: 6, déc: 11, ene: 0, abr: 3, ago: 7, dic: 11,
};

/** RFC 822 zone names in minutes east of UTC; military single letters count as UTC (RFC 1123 says they are unreliable). */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, ist: 60, west: 60, cet: 60, cest: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420, akst: -540, akdt: -480,
  hst: -600, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

const MIN_YEAR = 1990;

function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[3]));
  const z = zone.toLowerCase();
  if (z in ZONES) return ZONES[z];
  if (/^[a-z]$/.test(z)) return 0;
  return undefined;
}

function build(year: number, month: number, day: number, h: number, m: number, s: number, offsetMin: number, millis = 0): string | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 24 || m > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, month, day, h, m, Math.min(s, 59), millis) - offsetMin * 60_000;
  const date = new Date(ms);
  if (Number.isNaN(ms) || date.getUTCFullYear() < MIN_YEAR || date.getUTCFullYear() > 2200) return undefined;
  return date.toISOString();
}

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const RFC822 =
  /^(?:[A-Za-z\u00C0-\u017F]+\.?,?\s*)?(\d{1,2})[\s-]+([A-Za-z\u00C0-\u017F]+)\.?[\s-]+(\d{2,4})(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?(?:\s*\(.*\))?$/;

export function parseFeedDate(value: string | undefined): string | undefined {
  const text = value?.trim().replace(/\s+/g, ' ');
  if (!text || text.length > 100) return undefined;

  const iso = ISO.exec(text);
  if (iso) {
    const offset = zoneOffset(iso[8]);
    if (offset === undefined) return undefined;
    const millis = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    return build(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0), offset, millis);
  }
  const rfc = RFC822.exec(text);
  if (rfc) {
    const month = MONTHS[rfc[2].toLowerCase().slice(0, 4)] ?? MONTHS[rfc[2].toLowerCase().slice(0, 3)];
    const offset = zoneOffset(rfc[7]);
    if (month === undefined || offset === undefined) return undefined;
    let year = Number(rfc[3]);
    // RFC 822 two-digit years: 00-49 are 2000s, 50-99 are 1900s (as RFC 2822 says).
    if (rfc[3].length === 2) year += year < 50 ? 2000 : 1900;
    return build(year, month, Number(rfc[1]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6] ?? 0), offset);
  }
  // Last resort for other shapes ("November 24, 2026 8:00 AM"); only plausible years are kept.
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  return year >= MIN_YEAR && year <= 2200 ? new Date(ms).toISOString() : undefined;
}
