import { describe, expect, it } from 'vitest';
import {
  decideThread,
  deriveTicketId,
  type FiledMessage,
  isTicketId,
  normalizeMessageId,
  replySubject,
  subjectTicketIds,
  type ThreadingInput,
  type ThreadingLookups,
  tagSubject,
} from '../../../src/domain/ticket-threading.js';

type Filed = FiledMessage & { digest?: string };

/** An in-memory picture of the store: filed messages (by Message-ID), ticket roots, existing ids. */
function world(filed: Record<string, Filed> = {}, roots: Record<string, string> = {}) {
  const tickets = new Set([...Object.values(filed).map((f) => f.ticketId), ...Object.values(roots)]);
  const calls: string[] = [];
  const entries = Object.entries(filed);
  const lookups: ThreadingLookups = {
    findByQueueId: (q) => entries.find(([, f]) => f.queueId === q)?.[1],
    findCopy: (m, d) => (filed[m]?.digest === d ? filed[m] : undefined),
    findByMessageId: (m) => filed[m],
    findThread: (m) => {
      calls.push(m);
      return filed[m]?.ticketId ?? roots[m];
    },
    ticketExists: (id) => tickets.has(id),
  };
  return { lookups, tickets, calls };
}

const input = (over: Partial<ThreadingInput> = {}): ThreadingInput => ({
  messageId: '<new@customer.example>',
  inReplyTo: undefined,
  references: [],
  subject: 'Cannot log in',
  queueId: 'Q0000000000000000001',
  digest: 'digest-of-new',
  ...over,
});

const T1 = 'DG-AAAAAA';
const T2 = 'DG-BBBBBB';
const filed = { '<a@x>': { ticketId: T1, queueId: 'QA' }, '<b@x>': { ticketId: T2, queueId: 'QB' } };

describe('decideThread', () => {
  it('opens a new ticket, its id derived from the message itself when nothing refers anywhere', () => {
    const d = decideThread(input(), world().lookups);
    expect(d).toEqual({
      kind: 'new',
      ticketId: deriveTicketId('<new@customer.example>'),
      root: '<new@customer.example>',
      messageKey: '<new@customer.example>',
    });
    expect(isTicketId(d.ticketId)).toBe(true);
  });

  it('follows References from the newest entry backwards: the last one wins', () => {
    const d = decideThread(input({ references: ['<a@x>', '<b@x>'] }), world(filed).lookups);
    expect(d).toMatchObject({ kind: 'existing', ticketId: T2, by: 'references' });
  });

  it('finds a ticket by a reference in the middle of the chain', () => {
    const refs = ['<unknown1@x>', '<a@x>', '<unknown2@x>'];
    const d = decideThread(input({ references: refs }), world(filed).lookups);
    expect(d).toMatchObject({ kind: 'existing', ticketId: T1, by: 'references' });
  });

  it('uses In-Reply-To when no reference is known, and prefers References over it', () => {
    expect(decideThread(input({ inReplyTo: '<a@x>' }), world(filed).lookups)).toMatchObject({
      kind: 'existing',
      ticketId: T1,
      by: 'in-reply-to',
    });
    const both = input({ inReplyTo: '<a@x>', references: ['<b@x>'] });
    expect(decideThread(both, world(filed).lookups)).toMatchObject({ ticketId: T2, by: 'references' });
  });

  it.each([
    `Re: Cannot log in [#${T1}]`,
    `AW: Fwd: Cannot log in [#${T1}]`,
    `Fwd: [#${T1}] Cannot log in`,
    `RE: cannot log in [#${T1.toLowerCase()}]`,
    `WG: Cannot log in [# dg-aaaaaa ]`,
  ])('threads by the subject tag in %j', (subject) => {
    const d = decideThread(input({ subject }), world(filed).lookups);
    expect(d).toMatchObject({ kind: 'existing', ticketId: T1, by: 'subject-tag' });
  });

  it('ignores a tag naming a ticket that does not exist', () => {
    const d = decideThread(input({ subject: 'Re: x [#DG-ZZZZZZ]' }), world(filed).lookups);
    expect(d.kind).toBe('new');
  });

  it('recognises the same message received twice as a duplicate, whatever its bracket spelling', () => {
    const w = world({
      '<new@customer.example>': { ticketId: T1, queueId: 'QOTHER', digest: 'digest-of-new' },
    });
    expect(decideThread(input({ messageId: ' new@customer.example ' }), w.lookups)).toEqual({
      kind: 'duplicate',
      ticketId: T1,
      of: 'QOTHER',
      messageKey: '<new@customer.example>',
    });
  });

  it('treats a repeated run of the same queue entry as the same message, not a duplicate', () => {
    const w = world({
      '<new@customer.example>': { ticketId: T1, queueId: 'Q0000000000000000001', digest: 'digest-of-new' },
    });
    expect(decideThread(input(), w.lookups)).toMatchObject({ kind: 'existing', by: 'same-message' });
  });

  describe('a different message reusing a Message-ID', () => {
    // The earlier message with this id was filed in T1, with other content (or before digests).
    for (const digest of ['digest-of-another', undefined]) {
      const taken = world({ '<new@customer.example>': { ticketId: T1, queueId: 'QOTHER', digest } });

      it(`is a new message, in a ticket of its own (earlier digest ${digest})`, () => {
        const d = decideThread(input(), taken.lookups);
        expect(d.kind).toBe('new');
        expect(d.ticketId).not.toBe(T1);
        // Its id is not derived from the reused Message-ID: that thread is somebody else's.
        expect(d).toMatchObject({ root: '<Q0000000000000000001@queue.deskguard.invalid>' });
      });

      it(`still threads by what it refers to (earlier digest ${digest})`, () => {
        const w = world({
          '<new@customer.example>': { ticketId: T1, queueId: 'QOTHER', digest },
          '<b@x>': { ticketId: T2, queueId: 'QB' },
        });
        expect(decideThread(input({ inReplyTo: '<b@x>' }), w.lookups)).toMatchObject({
          kind: 'existing',
          ticketId: T2,
          by: 'in-reply-to',
        });
        expect(decideThread(input({ subject: `Re: x [#${T2}]` }), w.lookups)).toMatchObject({
          ticketId: T2,
          by: 'subject-tag',
        });
      });
    }

    it('two reusers get different tickets', () => {
      const taken = world({ '<new@customer.example>': { ticketId: T1, queueId: 'QOTHER', digest: 'x' } });
      const a = decideThread(input({ queueId: 'QA000000000000000001', digest: 'a' }), taken.lookups);
      const b = decideThread(input({ queueId: 'QB000000000000000001', digest: 'b' }), taken.lookups);
      expect(a.ticketId).not.toBe(b.ticketId);
    });
  });

  it('gives a message and its reply processed at once the same new ticket id (root of the thread)', () => {
    const original = decideThread(input({ messageId: '<root@c>' }), world().lookups);
    const reply = decideThread(
      input({ messageId: '<reply@c>', inReplyTo: '<root@c>', references: ['<root@c>'] }),
      world().lookups,
    );
    expect(reply.kind).toBe('new');
    expect(reply.ticketId).toBe(original.ticketId);
  });

  it('files an original whose reply arrived first into the ticket the reply opened', () => {
    const w = world({}, { '<root@c>': T1 });
    expect(decideThread(input({ messageId: '<root@c>' }), w.lookups)).toMatchObject({
      kind: 'existing',
      ticketId: T1,
      by: 'thread-root',
    });
  });

  it('moves to a salted id when the derived one belongs to another thread', () => {
    const w = world();
    w.tickets.add(deriveTicketId('<new@customer.example>'));
    const d = decideThread(input(), w.lookups);
    expect(d).toMatchObject({ kind: 'new', ticketId: deriveTicketId('<new@customer.example>', 1) });
  });

  it('keys mail without a Message-ID by its queue id', () => {
    const d = decideThread(input({ messageId: undefined }), world().lookups);
    expect(d.messageKey).toBe('<Q0000000000000000001@queue.deskguard.invalid>');
  });

  it('bounds the lookups hostile References can cause, still checking the root', () => {
    const w = world();
    const refs = Array.from({ length: 5000 }, (_, i) => `<r${i}@x>`);
    decideThread(input({ references: refs }), w.lookups);
    expect(w.calls.length).toBeLessThanOrEqual(40);
    expect(w.calls).toContain('<r0@x>');
    expect(w.calls[0]).toBe('<r4999@x>');
  });
});

describe('subject tags', () => {
  it('reads tags case-insensitively and maps look-alike letters to digits', () => {
    expect(subjectTicketIds('re: [#dg-1k3qf9] and [#DG-OOOOO1]')).toEqual(['DG-1K3QF9', 'DG-000001']);
    expect(subjectTicketIds('[#DG-12345] [#XX-AAAAAA] #DG-AAAAAA')).toEqual([]);
  });

  it('tagSubject adds the tag once and keeps prefixes', () => {
    expect(tagSubject('Re: AW: Login', T1)).toBe(`Re: AW: Login [#${T1}]`);
    expect(tagSubject(`Re: Login [#${T1}]`, T1)).toBe(`Re: Login [#${T1}]`);
    expect(tagSubject(`Re: Login [#${T1.toLowerCase()}]`, T1)).toBe(`Re: Login [#${T1.toLowerCase()}]`);
    expect(tagSubject(tagSubject('Login', T1), T1)).toBe(`Login [#${T1}]`);
    expect(tagSubject('', T1)).toBe(`[#${T1}]`);
    expect(tagSubject('a\r\nBcc: evil@x', T1)).toBe(`a Bcc: evil@x [#${T1}]`);
  });

  it('replySubject does not stack reply prefixes', () => {
    expect(replySubject('Login', T1)).toBe(`Re: Login [#${T1}]`);
    expect(replySubject('RE: Login', T1)).toBe(`RE: Login [#${T1}]`);
    expect(replySubject('AW: Login', T1)).toBe(`AW: Login [#${T1}]`);
    expect(replySubject('Fwd: Login', T1)).toBe(`Re: Fwd: Login [#${T1}]`);
  });

  it('normalizeMessageId accepts bracketed and bare ids, rejects free text', () => {
    expect(normalizeMessageId('  <a@b>  ')).toBe('<a@b>');
    expect(normalizeMessageId('a@b')).toBe('<a@b>');
    expect(normalizeMessageId('some text')).toBeUndefined();
    expect(normalizeMessageId('')).toBeUndefined();
  });
});
