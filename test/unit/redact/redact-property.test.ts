import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attachedMessage, leaf, message, multipart, type Part, zip } from '../../fixtures/mail/builders.mjs';
import { AWS, GHP, PASSWORD } from '../extract/samples.js';
import { parseMail, redactWithFake, survivors } from './helpers.js';

const SECRETS = [AWS, GHP, `password: ${PASSWORD}`];
const FIELDS = { From: 'a@example.org', To: 'support@localhost', Subject: 'prop', 'Message-ID': '<prop@x>' };

/** One part carrying `text`, in one of the shapes mail takes. */
function shaped(shape: number, text: string, n: number): Part {
  switch (shape) {
    case 0:
      return leaf(text, { encoding: 'quoted-printable' });
    case 1:
      return leaf(text, { encoding: 'base64', charset: 'iso-8859-1' });
    case 2:
      return leaf(`<div>${text.replace(/&/g, '&amp;').replace(/\n/g, '<br>\n')}</div>`, {
        type: 'text/html',
      });
    case 3:
      return leaf(text, { filename: `notes-${n}.txt`, type: 'application/octet-stream', encoding: 'base64' });
    case 4:
      return leaf(zip({ [`dir/${n}.log`]: text }), { type: 'application/zip', filename: `logs-${n}.zip` });
    default:
      return attachedMessage(message({ From: 'b@example.org', Subject: 'fwd' }, leaf(text)), {
        filename: `fwd-${n}.eml`,
      });
  }
}

describe('redaction leaves nothing behind (property)', () => {
  it('no planted secret survives, whatever the shape, and the result parses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            shape: fc.nat(5),
            secret: fc.nat(SECRETS.length - 1),
            filler: fc.string({ maxLength: 40 }),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        async (parts) => {
          const planted = parts.map((p) => SECRETS[p.secret] as string);
          const children = parts.map((p, n) =>
            shaped(p.shape, `${p.filler.replace(/[^\w .,]/g, ' ')}\n${SECRETS[p.secret]}\nthanks\n`, n),
          );
          const raw = message(FIELDS, multipart('mixed', [leaf('intro'), ...children]));
          const out = await redactWithFake(raw);
          const values = planted.map((s) => (s.startsWith('password') ? PASSWORD : s));
          expect(await survivors(out, values)).toEqual([]);
          expect((await parseMail(out)).messageId).toBe('<prop@x>');
        },
      ),
      { numRuns: 40 },
    );
  });
});
