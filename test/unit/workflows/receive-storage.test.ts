import { Readable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { BlobStore, BlobWriter } from '../../../src/adapters/blob-store.js';
import { openDatabase } from '../../../src/adapters/sqlite/database.js';
import { MessageStore } from '../../../src/adapters/sqlite/message-store.js';
import { op, type SqlWriter } from '../../../src/adapters/sqlite/sql-op.js';
import { receiveMessage } from '../../../src/workflows/receive.js';

const fail = (code: string) => Object.assign(new Error(`${code}: injected`), { code });
const envelope = {
  mailFrom: 'a@example.org',
  rcptTo: ['support@localhost'],
  remoteAddress: '127.0.0.1',
  clientHostname: 'x',
  helo: 'x',
  tls: false,
  receivedAt: Date.now(),
};

/** A spool whose writes fail with `writeError`, and a database writer whose commits fail with `commitError`. */
function deps(writeError?: Error, commitError?: Error) {
  const aborted: string[] = [];
  const blobs = {
    writer: (id: string): BlobWriter => ({
      write: async () => {
        if (writeError) throw writeError;
      },
      seal: async () => ({ inline: Buffer.from('x') }),
      abort: async () => void aborted.push(id),
    }),
    record: () => op('SELECT 1'),
  } as unknown as BlobStore;
  const writer: SqlWriter = {
    run: async () => {
      if (commitError) throw commitError;
      return [];
    },
    close: async () => undefined,
  };
  return {
    aborted,
    deps: {
      blobs,
      messages: new MessageStore(openDatabase(':memory:')),
      writer,
      log: pino({ level: 'silent' }),
      maxMessageBytes: 1 << 20,
    },
  };
}

const message = () => Readable.from([Buffer.from('Subject: hi\r\n\r\nhello\r\n')]);

describe('receiveMessage when storage fails', () => {
  it.each([
    ['a spool file write', fail('ENOSPC'), undefined],
    ['a spool file write over quota', fail('EDQUOT'), undefined],
    ['the commit of its row', undefined, fail('SQLITE_FULL')],
  ])('answers 452 4.3.1 when the disk is full during %s, and keeps nothing', async (_what, w, c) => {
    const { deps: d, aborted } = deps(w, c);
    const outcome = await receiveMessage(d, envelope, message());
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.responseCode).toBe(452);
    expect(outcome.error.message).toMatch(/^4\.3\.1 /);
    expect(aborted).toHaveLength(1);
  });

  it.each([
    ['a locked database', undefined, fail('SQLITE_BUSY')],
    ['an I/O error', fail('EIO'), undefined],
    ['an error without a code', undefined, new Error('boom')],
  ])('answers 451 4.3.0 for %s: temporary, never 250', async (_what, w, c) => {
    const outcome = await receiveMessage(deps(w, c).deps, envelope, message());
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect([outcome.error.responseCode, outcome.error.message.slice(0, 5)]).toEqual([451, '4.3.0']);
  });
});
