import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { html, withMarkers } from '../../../src/admin/html.js';
import { localPath } from '../../../src/admin/web-routes.js';

describe('html: customer text never becomes markup', () => {
  it('every interpolated string is escaped; nested html is kept', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = html`<p title="${s}">${s}</p>`.value;
        // The template's own markup is all there is: the attribute cannot be left, no tag opened.
        expect(out).toMatch(/^<p title="[^"<>']*">[^"<>']*<\/p>$/);
      }),
    );
    expect(html`<b>${html`<i>${'<x>'}</i>`}</b>`.value).toBe('<b><i>&lt;x&gt;</i></b>');
  });

  it('only our redaction markers are highlighted', () => {
    expect(withMarkers('a [REDACTED:password] <b>').value).toBe(
      'a <mark class="redacted">[REDACTED:password]</mark> &lt;b&gt;',
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = withMarkers(s).value.replace(/<mark class="redacted">\[REDACTED:[a-z_]+\]<\/mark>/g, '');
        expect(out).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('localPath: after sign-in, only a page of ours', () => {
  it('keeps local paths and refuses anything that leaves the site', () => {
    expect(localPath('/quarantine/ABC?state=all')).toBe('/quarantine/ABC?state=all');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '',
      undefined,
      42,
      '/a b',
    ])
      expect(localPath(bad)).toBe('/quarantine');
    fc.assert(
      fc.property(fc.string(), (s) => {
        const p = localPath(s);
        expect(p.startsWith('/')).toBe(true);
        expect(p.startsWith('//') || p.startsWith('/\\')).toBe(false);
      }),
    );
  });
});
