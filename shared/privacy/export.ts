import { strToU8, zipSync } from 'fflate';
import { escapeUTF8 } from 'entities';
import type { AuditEntry, Case, CaseAxis } from '../cases/case.js';
import type { Category } from '../score/types.js';
import type { MentionStats } from './ports.js';
import { matchSubject, type StoredMentionContent, type Subject } from './subject.js';

/**
 * A subject access export: every record about one person in one zip, with an index a person can read
 * (index.html and index.txt) and the records themselves as JSON and the evidence files as stored. Pure:
 * the caller gathers the records.
 */

/** An axis's categories for the requester: concerns, then those only noted at low severity. */
const axisText = (axis: CaseAxis<Category>): string =>
  [...axis.categories, ...(axis.noted ?? []).map((c) => `${c} (low)`)].join(', ') || 'none';

export interface CaseBundle {
  case: Case;
  audit: AuditEntry[];
  evidence: { key: string; bytes: Uint8Array }[];
}

export interface SubjectBundle {
  subject: Subject;
  generatedAt: string;
  generatedBy: string;
  trustName: string;
  mentions: StoredMentionContent[];
  stats: MentionStats[];
  cases: CaseBundle[];
}

export interface SubjectExport {
  /** Path in the zip to its bytes. */
  files: Record<string, Uint8Array>;
  zip: Uint8Array;
  counts: { mentions: number; cases: number; auditEntries: number; evidenceFiles: number };
}

/** Keeps a zip path inside its folder whatever an id or key holds. */
const safeSegment = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 120) || '_';
const safePath = (key: string): string => key.split('/').filter(Boolean).map(safeSegment).join('/');

const json = (value: unknown): Uint8Array => strToU8(`${JSON.stringify(value, null, 2)}\n`);
const excerpt = (text: string, max = 280): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

interface IndexRow {
  kind: string;
  academyId: string;
  platform: string;
  when: string;
  why: string;
  url: string;
  text: string;
  files: string[];
  notes: string[];
}

const why = (record: Pick<Case, 'platform' | 'text' | 'title' | 'author'>, subject: Subject): string => {
  const m = matchSubject(record, subject);
  return [m.byAuthor ? 'written by this account' : '', m.byName ? 'names this person' : ''].filter(Boolean).join('; ');
};

export function buildSubjectExport(bundle: SubjectBundle): SubjectExport {
  const files: Record<string, Uint8Array> = {};
  const rows: IndexRow[] = [];

  for (const m of bundle.mentions) {
    const path = `records/mentions/${safeSegment(m.academyId)}/${safeSegment(m.mentionId)}.json`;
    files[path] = json(m);
    rows.push({
      kind: 'Mention (not a case)', academyId: m.academyId, platform: m.platform, when: m.publishedAt ?? m.fetchedAt, why: why(m, bundle.subject),
      url: m.url, text: m.text, files: [path],
      notes: m.expiresAt ? [`Deleted automatically on ${new Date(m.expiresAt * 1000).toISOString().slice(0, 10)}.`] : [],
    });
  }
  if (bundle.stats.length) files['records/mention-statistics.json'] = json(bundle.stats);

  let auditEntries = 0;
  let evidenceFiles = 0;
  for (const { case: c, audit, evidence } of bundle.cases) {
    const base = `records/cases/${safeSegment(c.caseId)}`;
    files[`${base}/case.json`] = json(c);
    files[`${base}/audit.json`] = json(audit);
    auditEntries += audit.length;
    const evidencePaths = evidence.map((e) => {
      const path = `evidence/${safePath(e.key)}`;
      files[path] = e.bytes;
      return path;
    });
    evidenceFiles += evidence.length;
    rows.push({
      kind: `Case ${c.caseId} (${c.status.replace(/_/g, ' ')})`, academyId: c.academyId, platform: c.platform, when: c.publishedAt ?? c.createdAt,
      why: why(c, bundle.subject), url: c.url, text: c.text,
      files: [`${base}/case.json`, `${base}/audit.json`, ...evidencePaths],
      notes: [
        `Concern: safeguarding ${c.safeguarding.severity} (${axisText(c.safeguarding)}), reputational ${c.reputational.severity} (${axisText(c.reputational)}).`,
        `${audit.length} audit entr${audit.length === 1 ? 'y' : 'ies'}; ${evidence.length} evidence file${evidence.length === 1 ? '' : 's'}.`,
      ],
    });
  }

  const counts = { mentions: bundle.mentions.length, cases: bundle.cases.length, auditEntries, evidenceFiles };
  const heading = `Subject access export: ${bundle.trustName}`;
  const about = [
    `Account: ${bundle.subject.author}${bundle.subject.platform ? ` on ${bundle.subject.platform}` : ' (any platform)'}`,
    ...(bundle.subject.name ? [`Also posts naming: ${bundle.subject.name}`] : []),
    `Made: ${bundle.generatedAt} (UTC) by ${bundle.generatedBy}`,
    `Holds: ${counts.mentions} mention${counts.mentions === 1 ? '' : 's'}, ${counts.cases} case${counts.cases === 1 ? '' : 's'}, ${counts.auditEntries} audit entries, ${counts.evidenceFiles} evidence files.`,
  ];
  const explain = [
    'These are the records the mention monitor holds about public posts by, or naming, the person above. A mention that is not a case keeps its text only for a short time; a case is a post the school decided to look at, with its evidence (screenshots and a manifest of SHA-256 hashes) and its audit trail (who looked at it and what was done).',
    'Before sending this to the requester, check it with your Data Protection Officer: other people (for example pupils named in a post) may need to be redacted, and some safeguarding information may be withheld under the exemptions in the Data Protection Act 2018, Schedule 2 and 3.',
  ];

  const txt = [
    heading,
    '='.repeat(heading.length),
    ...about,
    '',
    ...explain,
    '',
    ...(rows.length === 0 ? ['No records were found.'] : []),
    ...rows.flatMap((r, i) => [
      `${i + 1}. ${r.kind}: ${r.academyId}, ${r.platform}, ${r.when}`,
      `   Why included: ${r.why}`,
      `   Address: ${r.url}`,
      `   Text: ${excerpt(r.text)}`,
      ...r.notes.map((n) => `   ${n}`),
      `   Files: ${r.files.join(', ')}`,
      '',
    ]),
  ].join('\n');
  files['index.txt'] = strToU8(`${txt}\n`);

  const e = escapeUTF8;
  const html = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${e(heading)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
li{margin-bottom:1rem}blockquote{margin:.25rem 0;padding:.25rem .75rem;border-left:4px solid #999;background:#f6f6f6;white-space:pre-wrap}
.small{color:#444;font-size:.9rem}</style></head><body>
<h1>${e(heading)}</h1>
<ul>${about.map((a) => `<li>${e(a)}</li>`).join('')}</ul>
${explain.map((p) => `<p>${e(p)}</p>`).join('\n')}
${rows.length === 0 ? '<p>No records were found.</p>' : `<ol>${rows
    .map(
      (r) => `<li><strong>${e(r.kind)}</strong>: ${e(r.academyId)}, ${e(r.platform)}, ${e(r.when)}<br>
<span class="small">Why included: ${e(r.why)}. Address: ${e(r.url)}</span>
<blockquote>${e(excerpt(r.text, 2000))}</blockquote>
${r.notes.map((n) => `<div class="small">${e(n)}</div>`).join('')}
<div class="small">Files: ${r.files.map((f) => `<a href="${e(f)}">${e(f)}</a>`).join(', ')}</div></li>`,
    )
    .join('\n')}</ol>`}
</body></html>
`;
  files['index.html'] = strToU8(html);

  // Screenshots are already compressed: storing them as they are keeps the export quick.
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: /\.(png|jpe?g)$/i.test(k) ? 0 : 6 }]])));
  return { files, zip, counts };
}
