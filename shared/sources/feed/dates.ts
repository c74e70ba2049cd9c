/**
 * Feed dates as UTC ISO-8601. RSS uses RFC 822 ("Tue, 24 Nov 2026 08:00:00 GMT", often with "BST"
 * or a missing weekday), Atom and Dublin Core use W3C-DTF/ISO 8601, and some publishers put the
 * month first ("November 24, 2026 8:00 AM"). Dates written with dots ("24.11.2026 08:00", perhaps
 * after a weekday) are read day first: dots are the European convention, which never puts the month
 * first. A date without a zone is UTC, whatever the machine's zone. Anything else gives undefined
 * rather than a guess; all-numeric dates with slashes stay refused, as 05/11/2026 is 5 November in
 * the UK and 11 May in the US.
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
  hst: -600, aest: 600, aedt: 660, nzst: 720, nzdt: 780, msk: 180, jst: 540,
};

const MIN_YEAR = 1990;

/** Minutes east of UTC for a zone name or an offset ('+0100', '+01:00', '+01', 'GMT+1'); undefined if unknown or out of range. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const numeric = /^(?:gmt|utc?)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? 0);
    // Real zones run from -12:00 to +14:00.
    if (hours > 14 || minutes > 59) return undefined;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const z = zone.toLowerCase();
  if (z in ZONES) return ZONES[z];
  if (/^[a-z]$/.test(z)) return 0;
  return undefined;
}

/** A 12-hour clock hour as 0-23 ('12 AM' is 0); undefined for an hour a 12-hour clock does not show. */
function hour24(hour: number, meridiem: string | undefined): number | undefined {
  if (!meridiem) return hour;
  if (hour < 1 || hour > 12) return undefined;
  return (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

function build(year: number, month: number, day: number, h: number | undefined, m: number, s: number, offsetMin: number | undefined, millis = 0): string | undefined {
  if (h === undefined || offsetMin === undefined || month < 0 || month > 11 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if ((h > 23 && !(h === 24 && m === 0 && s === 0)) || m > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, month, day, h, m, Math.min(s, 59), millis) - offsetMin * 60_000;
  const date = new Date(ms);
  if (Number.isNaN(ms) || date.getUTCFullYear() < MIN_YEAR || date.getUTCFullYear() > 2200) return undefined;
  return date.toISOString();
}

/**
 * Year first, so never ambiguous: '2026-11-23T17:30:00Z', compact '20261123T173000Z', and what publishers'
 * CMSs print: slashes ('2026/11/23'), a one-digit hour, a zone name or 'GMT+1' after the time, a comment.
 */
const ISO =
  /^(\d{4})(?:-(\d{1,2})-(\d{1,2})|\/(\d{1,2})\/(\d{1,2})|(\d{2})(\d{2}))(?:[T\s](\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(z|[a-z]{2,5}|(?:gmt|utc?)?[+-]\d{1,2}(?::?\d{2})?)?(?:\s*\(.*\))?$/i;
/** What follows the date in RFC 822 and month-first dates: a time, perhaps on a 12-hour clock, then a zone, then a comment. */
const TIME_AND_ZONE =
  /(?:(?:,?\s+(?:at\s+)?|T)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?)?\s*(z|[a-z]{1,5}|(?:gmt|utc?)?[+-]\d{1,2}(?::?\d{2})?)?(?:\s*\(.*\))?$/.source;
const RFC822 = new RegExp(/^(?:[a-z\u00C0-\u017F]+\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+([a-z\u00C0-\u017F]+)\.?,?[\s-]+(\d{2,4})/.source + TIME_AND_ZONE, 'i');
/**
 * A weekday, in full or cut short, in the languages MONTHS knows ('Tue', 'Di', 'Dienstag', 'mar.',
 * 'mié'). Only a weekday may come before a dotted date, whose numbers alone do not show it is one:
 * 'Version 1.2.2026' is not a date. RFC822 takes any word there, as its month name shows it is a date.
 */
const WEEKDAY = `(?:${[
  'mon(?:day)?', 'tue(?:s(?:day)?)?', 'wed(?:nesday)?', 'thu(?:r(?:s(?:day)?)?)?', 'fri(?:day)?', 'sat(?:urday)?', 'sun(?:day)?',
  'mo(?:ntag)?', 'di(?:enstag)?', 'mi(?:ttwoch)?', 'do(?:nnerstag)?', 'fr(?:eitag)?', 'sa(?:mstag)?', 'so(?:nntag)?', 'sonnabend',
  'lun(?:di|es)?', 'mar(?:di|tes)?', 'mer(?:credi)?', 'jeu(?:di)?', 'ven(?:dredi)?', 'sam(?:edi)?', 'dim(?:anche)?',
  'mi[ée](?:rcoles)?', 'jue(?:ves)?', 'vie(?:rnes)?', 's[áa]b(?:ado)?', 'dom(?:ingo)?',
].join('|')})`;
/**
 * Day, month and year with dots, perhaps after a weekday ('Di, 24.11.2026'), then TIME_AND_ZONE. A two-digit
 * year ('24.11.26') counts only beside a weekday or a time, as '1.2.26' alone is as likely a version.
 */
const DOTTED = new RegExp(`^(${WEEKDAY}\\.?,?\\s*)?` + /(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})/.source + TIME_AND_ZONE, 'i');
const MONTH_FIRST = new RegExp(/^(?:[a-z]+\.?,?\s+)?([a-z\u00C0-\u017F]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/.source + TIME_AND_ZONE, 'i');

const monthNamed = (name: string) => MONTHS[name.toLowerCase().slice(0, 4)] ?? MONTHS[name.toLowerCase().slice(0, 3)];

/** A year as written: two digits are read as RFC 2822 says, 00-49 as 2000s and 50-99 as 1900s. */
function fullYear(digits: string): number {
  const year = Number(digits);
  return digits.length === 2 ? year + (year < 50 ? 2000 : 1900) : year;
}

/** A date from its year, month (0-11) and day, then TIME_AND_ZONE's five groups. */
function withTime(year: number, month: number, day: number, time: (string | undefined)[]): string | undefined {
  const [h, m, s, meridiem, zone] = time;
  return build(year, month, day, hour24(Number(h ?? 0), meridiem), Number(m ?? 0), Number(s ?? 0), zoneOffset(zone));
}

/** A date from its parts as matched by RFC822 or MONTH_FIRST: day, month name and year, then TIME_AND_ZONE's five groups. */
function fromParts(day: string, monthName: string, year: number, time: (string | undefined)[]): string | undefined {
  const month = monthNamed(monthName);
  return month === undefined ? undefined : withTime(year, month, Number(day), time);
}

export function parseFeedDate(value: string | undefined): string | undefined {
  const text = value?.trim().replace(/\s+/g, ' ');
  if (!text || text.length > 100) return undefined;

  const iso = ISO.exec(text);
  if (iso) {
    const [month, day] = [iso[2] ?? iso[4] ?? iso[6], iso[3] ?? iso[5] ?? iso[7]];
    const millis = iso[11] ? Math.floor(Number(`0.${iso[11]}`) * 1000) : 0;
    return build(Number(iso[1]), Number(month) - 1, Number(day), Number(iso[8] ?? 0), Number(iso[9] ?? 0), Number(iso[10] ?? 0), zoneOffset(iso[12]), millis);
  }
  const rfc = RFC822.exec(text);
  if (rfc) {
    return fromParts(rfc[1], rfc[2], fullYear(rfc[3]), rfc.slice(4));
  }
  const monthFirst = MONTH_FIRST.exec(text);
  if (monthFirst) return fromParts(monthFirst[2], monthFirst[1], Number(monthFirst[3]), monthFirst.slice(4));
  const dotted = DOTTED.exec(text);
  if (!dotted) return undefined;
  const [, weekday, day, month, digits] = dotted;
  const time = dotted.slice(5);
  if (digits.length === 2 && !weekday && time[0] === undefined) return undefined;
  return withTime(fullYear(digits), Number(month) - 1, Number(day), time);
}
