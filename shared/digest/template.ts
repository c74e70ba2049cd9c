import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * A tiny Mustache-like renderer for the files in templates/. Deliberately small:
 *   {{name}} / {{a.b}} / {{.}}   a value, escaped for the template's mode (there is no raw output at all,
 *                                so no template can ever emit unescaped post text)
 *   {{#name}}...{{/name}}        a list (repeated per item), an object (entered) or a flag (shown if truthy;
 *                                0, '' and [] count as false, so {{#list.length}} guards a list's wrapper)
 *   {{^name}}...{{/name}}        shown when the value is missing, false or an empty list
 *   {{! comment }}
 * A section tag alone on its line removes the whole line, so the plain-text templates stay readable.
 * A {{name}} the view does not provide is an error naming the template: a typo must not send an email
 * with a silent gap in it.
 */

export type TemplateMode = 'html' | 'text';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; line: number }
  | { kind: 'section'; name: string; inverted: boolean; children: Node[] };

const TAG = /\{\{([#^/!]?)\s*([^}]*?)\s*\}\}/g;
/** A section, inverted, close or comment tag alone on its line (with its indentation and line break). */
const STANDALONE = /^[ \t]*(\{\{[#^/!][^}]*\}\})[ \t]*\r?\n/gm;

function parseTemplate(source: string, name: string): Node[] {
  const src = source.replace(STANDALONE, '$1');
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  let last = 0;
  const lineAt = (index: number) => src.slice(0, index).split('\n').length;
  for (const m of src.matchAll(TAG)) {
    const top = stack[stack.length - 1];
    if (m.index > last) top.children.push({ kind: 'text', text: src.slice(last, m.index) });
    last = m.index + m[0].length;
    const [, sigil, tagName] = m;
    if (sigil === '!') continue;
    if (!tagName) throw new Error(`Template ${name}, line ${lineAt(m.index)}: an empty {{ }} tag; remove it or name a value.`);
    if (sigil === '#' || sigil === '^') {
      const section: Node = { kind: 'section', name: tagName, inverted: sigil === '^', children: [] };
      top.children.push(section);
      stack.push({ name: tagName, children: section.children });
    } else if (sigil === '/') {
      if (stack.length === 1 || top.name !== tagName) {
        throw new Error(`Template ${name}, line ${lineAt(m.index)}: {{/${tagName}}} closes a section that is not open (open: "${top.name || 'none'}").`);
      }
      stack.pop();
    } else {
      top.children.push({ kind: 'var', name: tagName, line: lineAt(m.index) });
    }
  }
  if (stack.length > 1) throw new Error(`Template ${name}: the section {{#${stack[stack.length - 1].name}}} is never closed.`);
  if (last < src.length) root.push({ kind: 'text', text: src.slice(last) });
  return root;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;',
};
/** Escapes for text and for double- or single-quoted attribute values alike. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c]);

const MISSING = Symbol('missing');

function lookup(stack: unknown[], name: string): unknown {
  if (name === '.') return stack[stack.length - 1];
  const [head, ...rest] = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const scope = stack[i];
    if (scope !== null && typeof scope === 'object' && Object.hasOwn(scope, head)) {
      let value: unknown = (scope as Record<string, unknown>)[head];
      for (const part of rest) {
        value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
      }
      return value;
    }
  }
  return MISSING;
}

function renderNodes(nodes: Node[], stack: unknown[], mode: TemplateMode, name: string, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') {
      out.push(node.text);
    } else if (node.kind === 'var') {
      const value = lookup(stack, node.name);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new Error(
          `Template ${name}, line ${node.line}: {{${node.name}}} is ${value === MISSING ? 'not provided by the view' : `a ${typeof value}, not text`}.`,
        );
      }
      out.push(mode === 'html' ? escapeHtml(String(value)) : String(value));
    } else {
      const value = lookup(stack, node.name);
      const empty = value === MISSING || value === undefined || value === null || value === false || value === '' || value === 0 ||
        (Array.isArray(value) && value.length === 0);
      if (node.inverted) {
        if (empty) renderNodes(node.children, stack, mode, name, out);
      } else if (!empty) {
        if (Array.isArray(value)) {
          for (const item of value) renderNodes(node.children, [...stack, item], mode, name, out);
        } else {
          renderNodes(node.children, typeof value === 'object' ? [...stack, value] : stack, mode, name, out);
        }
      }
    }
  }
}

export interface Template {
  name: string;
  render(view: object): string;
}

export function compileTemplate(source: string, name: string, mode: TemplateMode): Template {
  const nodes = parseTemplate(source, name);
  return {
    name,
    render(view) {
      const out: string[] = [];
      renderNodes(nodes, [view], mode, name, out);
      return out.join('');
    },
  };
}

/**
 * Where templates/ may be: named by MENTION_MONITOR_TEMPLATES; two levels above this file in the repo;
 * or beside a bundled handler (a Lambda bundle copies templates/ next to index.mjs).
 */
const templateDirs = (): string[] => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return [process.env.MENTION_MONITOR_TEMPLATES, join(here, '..', '..', 'templates'), join(here, 'templates')].filter(
    (d): d is string => Boolean(d),
  );
};

const cache = new Map<string, Template>();

/** Loads and compiles templates/<file> once per process; the mode follows the extension (.txt is text). */
export function loadTemplate(file: string): Template {
  const cached = cache.get(file);
  if (cached) return cached;
  const dirs = templateDirs();
  const path = dirs.map((d) => join(d, file)).find((p) => existsSync(p));
  if (!path) {
    throw new Error(
      `The email template ${file} is missing (looked in ${dirs.join(', ')}). Deploy the templates/ folder with the code, ` +
        'or set MENTION_MONITOR_TEMPLATES to the folder that holds it.',
    );
  }
  const template = compileTemplate(readFileSync(path, 'utf8'), file, file.endsWith('.txt') ? 'text' : 'html');
  cache.set(file, template);
  return template;
}
