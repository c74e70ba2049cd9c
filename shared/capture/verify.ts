import type { EvidenceStore } from '../ports/index.js';
import { MANIFEST_NAME, Manifest, sha256Hex } from './manifest.js';

/**
 * Re-hashes every stored artefact of a case against its manifest(s), and the manifest against the
 * SHA-256 recorded on the case, and says exactly what differs. What a DSL runs before handing
 * evidence to the police or a platform.
 */

export interface CaptureCheck {
  manifestKey: string;
  manifestSha256: string;
  artefactsChecked: number;
  problems: string[];
}

export interface VerifyReport {
  caseId: string;
  ok: boolean;
  captures: CaptureCheck[];
  /** Problems with the case as a whole: no evidence, or no manifest with the recorded hash. */
  problems: string[];
}

async function checkCapture(caseId: string, manifestKey: string, keys: string[], store: EvidenceStore): Promise<CaptureCheck> {
  const folder = manifestKey.slice(0, -MANIFEST_NAME.length);
  const body = await store.get(manifestKey);
  const check: CaptureCheck = { manifestKey, manifestSha256: body ? sha256Hex(body) : '', artefactsChecked: 0, problems: [] };
  if (!body) {
    check.problems.push(`${manifestKey} is listed but could not be read.`);
    return check;
  }
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(Buffer.from(body).toString('utf8')));
  } catch (err) {
    check.problems.push(`${manifestKey} is not a valid evidence manifest (${(err instanceof Error ? err.message : String(err)).slice(0, 300)}).`);
    return check;
  }
  if (manifest.caseId !== caseId) check.problems.push(`${manifestKey} belongs to case ${manifest.caseId}, not ${caseId}.`);
  const listed = new Set<string>();
  for (const artefact of manifest.artefacts) {
    listed.add(artefact.key);
    if (!artefact.key.startsWith(folder)) {
      check.problems.push(`${artefact.name}: the manifest points outside its own capture folder (${artefact.key}).`);
      continue;
    }
    const bytes = await store.get(artefact.key);
    check.artefactsChecked += 1;
    if (!bytes) {
      check.problems.push(`${artefact.key} is missing.`);
      continue;
    }
    const sha = sha256Hex(bytes);
    if (sha !== artefact.sha256) {
      check.problems.push(`${artefact.key} has changed: the manifest says SHA-256 ${artefact.sha256} (${artefact.size} bytes), the stored file is ${sha} (${bytes.byteLength} bytes).`);
    } else if (bytes.byteLength !== artefact.size) {
      check.problems.push(`${artefact.key} is ${bytes.byteLength} bytes but the manifest says ${artefact.size}.`);
    }
  }
  for (const key of keys) {
    if (key.startsWith(folder) && key !== manifestKey && !listed.has(key)) {
      check.problems.push(`${key} is in the capture folder but not in its manifest (added after the capture).`);
    }
  }
  return check;
}

export async function verifyCase(caseId: string, store: EvidenceStore, expectedManifestSha256?: string): Promise<VerifyReport> {
  const keys = await store.list(`cases/${caseId}/`);
  const manifestKeys = keys.filter((k) => k.endsWith(`/${MANIFEST_NAME}`));
  const captures: CaptureCheck[] = [];
  for (const key of manifestKeys) captures.push(await checkCapture(caseId, key, keys, store));
  const problems: string[] = [];
  if (manifestKeys.length === 0) {
    problems.push(`No evidence manifest was found for case ${caseId} under ${store.describe(`cases/${caseId}/`)}. Check the case id, or capture the evidence first.`);
  }
  const expected = expectedManifestSha256?.toLowerCase();
  if (expected && captures.length > 0 && !captures.some((c) => c.manifestSha256 === expected)) {
    const found = captures.map((c) => `${c.manifestKey} hashes to ${c.manifestSha256 || '(unreadable)'}`).join('; ');
    problems.push(`The case records manifest SHA-256 ${expected}, but no stored manifest has that hash (${found}): a manifest was changed or replaced.`);
  }
  const ok = problems.length === 0 && captures.every((c) => c.problems.length === 0);
  return { caseId, ok, captures, problems };
}

/** The report as lines for a person: OK per capture, or each difference. */
export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  for (const c of report.captures) {
    if (c.problems.length === 0) lines.push(`OK   ${c.manifestKey}: ${c.artefactsChecked} artefact(s) match (manifest SHA-256 ${c.manifestSha256})`);
    else {
      lines.push(`FAIL ${c.manifestKey}:`);
      for (const p of c.problems) lines.push(`     - ${p}`);
    }
  }
  for (const p of report.problems) lines.push(`FAIL ${p}`);
  lines.push(report.ok ? `OK: the evidence for case ${report.caseId} is intact.` : `FAILED: the evidence for case ${report.caseId} does not match its records (see above).`);
  return lines.join('\n');
}
