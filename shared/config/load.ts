import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { TrustConfig } from './schema.js';

/** A config problem a person can fix: every line names the field, its line in the file and what to do. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The trust config ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const fieldName = (path: PropertyKey[]): string =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');

/** Parses YAML (a superset of JSON, so JSON files work too) and validates it. */
export function parseTrustConfig(text: string, file = 'config'): TrustConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]} (fix the YAML syntax there)`),
    );
  }
  const result = TrustConfig.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (result.success) return result.data;
  throw new ConfigError(file, result.error.issues.map((issue) => describeIssue(issue, doc, lineCounter)));
}

/** The line of the nearest node on the path that exists: a missing field is reported at its parent's line. */
function lineOf(path: PropertyKey[], doc: ReturnType<typeof parseDocument>, lines: LineCounter): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, doc: ReturnType<typeof parseDocument>, lines: LineCounter): string {
  const path = issue.path;
  const line = lineOf(path, doc, lines);
  const where = path.length ? `"${fieldName(path)}"` : 'the file';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    const keyLine = lineOf([...path, issue.keys[0]!], doc, lines);
    return `${where}${keyLine ? ` (line ${keyLine})` : ''}: unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}: check the spelling (npx mention-monitor config schema lists every field). Platform credentials never go in this file: see docs/deploy.md for where to store them.`;
  }
  const missing = issue.code === 'invalid_type' && path.length > 0 && !doc.hasIn(path as (string | number)[]);
  const message = missing ? `is required but missing (${issue.message})` : issue.message;
  return `${where}${line ? ` (line ${line})` : ''}: ${message}`;
}

export function loadTrustConfig(file: string): TrustConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path given with --config`]);
  }
  return parseTrustConfig(text, file);
}
