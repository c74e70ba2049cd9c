import { describe, expect, it } from 'vitest';
import { compileTemplate, escapeHtml } from '../../shared/digest/template.js';

describe('the template renderer', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['" onmouseover="x', '&quot; onmouseover&#61;&quot;x'],
    ["' autofocus onfocus='x", '&#39; autofocus onfocus&#61;&#39;x'],
    ['a & b', 'a &amp; b'],
    ['`backtick`', '&#96;backtick&#96;'],
  ])('escapes %j for text and attributes alike', (value, escaped) => {
    expect(escapeHtml(value)).toBe(escaped);
    expect(compileTemplate('<a title="{{v}}">{{v}}</a>', 't.html', 'html').render({ v: value })).toBe(`<a title="${escaped}">${escaped}</a>`);
  });

  it('leaves text-mode values as they are, since a plain-text part is never parsed as HTML', () => {
    expect(compileTemplate('{{v}}', 't.txt', 'text').render({ v: '<b>&</b>' })).toBe('<b>&</b>');
  });

  it('repeats a section per list item and looks names up through enclosing scopes', () => {
    const t = compileTemplate('{{#items}}[{{name}} of {{owner}}]{{/items}}', 't.html', 'html');
    expect(t.render({ owner: 'NBA', items: [{ name: 'a' }, { name: 'b' }] })).toBe('[a of NBA][b of NBA]');
  });

  it.each([
    [{ flag: true }, 'yes'],
    [{ flag: false }, 'no'],
    [{ flag: [] }, 'no'],
    [{ flag: 0 }, 'no'],
    [{ flag: '' }, 'no'],
    [{}, 'no'],
  ])('treats %j as %s in sections and inverted sections', (view, expected) => {
    expect(compileTemplate('{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}', 't.html', 'html').render(view)).toBe(expected);
  });

  it('removes lines holding only a section tag, so plain-text output has no blank gaps', () => {
    const t = compileTemplate('a\n{{#x}}\n  b\n{{/x}}\nc\n', 't.txt', 'text');
    expect(t.render({ x: true })).toBe('a\n  b\nc\n');
    expect(t.render({ x: false })).toBe('a\nc\n');
  });

  it.each([
    ['{{#a}}x', /never closed/],
    ['{{#a}}x{{/b}}', /closes a section that is not open/],
    ['x{{/a}}', /closes a section that is not open/],
    ['{{}}', /empty/],
  ])('refuses the malformed template %j with a message naming the problem', (source, message) => {
    expect(() => compileTemplate(source, 'bad.html', 'html')).toThrow(message);
  });

  it('fails loudly when the view lacks a value, naming the template and line', () => {
    const t = compileTemplate('line one\n{{missing}}', 'digest.html', 'html');
    expect(() => t.render({})).toThrow('Template digest.html, line 2: {{missing}} is not provided by the view.');
  });

  it('refuses to print an object, which would mean a view and template out of step', () => {
    expect(() => compileTemplate('{{v}}', 't.html', 'html').render({ v: { a: 1 } })).toThrow(/a object, not text/);
  });
});
