import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToTextWithMap } from '../../../src/stages/detect/extract/html-text.js';
import { redactHtml } from '../../../src/stages/detect/redact/apply-spans.js';

const SECRET = 'AKIAQ3EGRJ7WXMZK4P2N';

/** Writes each character of `s` plainly, as an entity, or wrapped in an inline tag. */
const disguise = (s: string, styles: number[]): string =>
  [...s]
    .map((ch, i) => {
      switch ((styles[i] ?? 0) % 4) {
        case 1:
          return `&#${ch.charCodeAt(0)};`;
        case 2:
          return `<b>${ch}</b>`;
        case 3:
          return `<span style="x">${ch}</span><!---->`.replace('<!---->', '');
        default:
          return ch;
      }
    })
    .join('');

describe('htmlToTextWithMap', () => {
  it('reads text, entities, attributes and comments, and skips script and style', () => {
    const html = `<html><head><style>p{color:red}</style><script>var k="no"</script></head><body><p>A&amp;B&nbsp;C&#x41;&unknown;</p><a href="https://u:p@h/">l</a><!-- pw: x --></body></html>`;
    const { text } = htmlToTextWithMap(html, 10_000);
    expect(text).toContain('A&B CA&unknown;');
    expect(text).toContain('https://u:p@h/');
    expect(text).toContain('pw: x');
    expect(text).not.toContain('color');
    expect(text).not.toContain('var k');
  });

  it('maps every text character into the source, in order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (html) => {
        const { text, starts, ends } = htmlToTextWithMap(html, 10_000);
        for (let i = 0; i < text.length; i++) {
          expect((ends[i] as number) <= html.length && (starts[i] as number) <= (ends[i] as number)).toBe(
            true,
          );
          if (i) expect(starts[i] as number).toBeGreaterThanOrEqual(starts[i - 1] as number);
        }
      }),
    );
  });

  it('a secret written through tags and entities is found whole and redacted whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: SECRET.length, maxLength: SECRET.length }),
        fc.string({ maxLength: 20 }),
        (styles, noise) => {
          const safeNoise = noise.replace(/[<&>]/g, ' ');
          const html = `<div>${safeNoise}</div><p>key: ${disguise(SECRET, styles)} end</p>`;
          const { text } = htmlToTextWithMap(html, 10_000);
          const start = text.indexOf(SECRET);
          expect(start).toBeGreaterThanOrEqual(0);
          const out = redactHtml(html, [{ start, end: start + SECRET.length, type: 'aws_access_key' }]);
          const after = htmlToTextWithMap(out, 10_000).text;
          expect(after).toContain('key: [REDACTED:aws_access_key] end');
          for (const piece of [SECRET.slice(0, 6), SECRET.slice(7, 13), SECRET.slice(14)])
            expect(after).not.toContain(piece);
        },
      ),
    );
  });

  // How long this takes is measured in bench/detect-adversarial.mjs; here, what comes out.
  it('reads hostile markup as a browser would: an unclosed attribute swallows the rest', () => {
    const hostile = `${'<a x="'.repeat(20_000)}${'<'.repeat(50_000)}${'&#'.repeat(50_000)}${'<style>'.repeat(5000)}`;
    const r = htmlToTextWithMap(hostile, 1_000_000);
    expect({ text: r.text, truncated: r.truncated }).toEqual({ text: '', truncated: false });
    const closed = htmlToTextWithMap(`${'<b>'.repeat(50_000)}key AKIA${'</b>'.repeat(50_000)}`, 1_000_000);
    expect(closed.text).toBe('key AKIA');
  });
});
