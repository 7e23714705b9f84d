import type { Readable } from 'node:stream';
import type { BlobStore, BlobWriter } from '../adapters/blob-store.js';
import type { Logger } from '../adapters/log.js';
import type { MessageStore } from '../adapters/sqlite/message-store.js';
import type { SqlWriter } from '../adapters/sqlite/sql-op.js';
import type { StoredAuth } from '../domain/auth/stored-auth.js';
import type { AuthVerdict } from '../domain/auth/verdict.js';
import { HeaderLimitScanner, type HeaderLimits, headerLimitError } from '../domain/header-limits.js';
import { LineEndingScanner } from '../domain/line-endings.js';
import type { Envelope } from '../domain/message.js';
import { newQueueId } from '../domain/queue-id.js';
import { type SmtpError, type SmtpReplyName, smtpError } from '../domain/smtp-reply.js';
import { storageFailureOf } from '../domain/storage-failure.js';

export interface ReceiveDeps {
  blobs: BlobStore;
  messages: MessageStore;
  writer: SqlWriter;
  log: Logger;
  maxMessageBytes: number;
  /** `smtp.maxHeaderBytes` / `smtp.maxHeaderFields`: a header past them is refused with 552 5.3.4. */
  headerLimits?: HeaderLimits;
  /** Sender authentication before the final reply, so forged staff mail is refused, not bounced. */
  checkSender?: (envelope: Envelope, input: Buffer | Readable) => Promise<StoredAuth>;
  /** Told once a message is durable, so the pipeline can pick it up at once. */
  onStored?: (queueId: string) => void;
}

export type ReceiveOutcome = { ok: true; queueId: string; size: number } | { ok: false; error: SmtpError };

/**
 * Takes the DATA stream of one transaction and makes it durable: bytes sealed (a big message's file
 * fsynced), then its rows committed. Only then is the outcome ok (and the client told 250). The stream is always read to
 * its end, whatever happens, because smtp-server sends the reply only after the end of data.
 */
export async function receiveMessage(
  deps: ReceiveDeps,
  envelope: Envelope,
  stream: Readable & { sizeExceeded?: boolean },
): Promise<ReceiveOutcome> {
  const queueId = newQueueId(envelope.receivedAt);
  const log = deps.log.child({ queueId });
  const scanner = new LineEndingScanner();
  const header = deps.headerLimits && new HeaderLimitScanner(deps.headerLimits);
  let writer: BlobWriter | undefined;
  let failure: SmtpError | undefined;
  let internal: unknown;
  let bytes = 0;

  writer = deps.blobs.writer(queueId, 'raw');

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (failure || internal) continue; // drain: the reply waits for the end of data
      if (bytes > deps.maxMessageBytes || stream.sizeExceeded) {
        failure = smtpError('messageTooBig');
        continue;
      }
      const violation = scanner.push(chunk);
      if (violation) {
        failure = smtpError(violation === 'nul' ? 'nulInData' : 'bareLineEnding');
        continue;
      }
      const overHeader = header?.push(chunk);
      if (overHeader) {
        failure = headerLimitError(overHeader);
        continue;
      }
      try {
        await writer.write(chunk);
      } catch (err) {
        internal = err;
      }
    }
  } catch (err) {
    // The client went away before the end of data: nothing was promised, nothing is kept.
    await writer.abort().catch(() => undefined);
    log.info({ bytes, err: (err as Error).message }, 'message abandoned by the client');
    return { ok: false, error: smtpError('internalError') };
  }
  if (!failure && !internal && scanner.end()) failure = smtpError('bareLineEnding');

  if (failure || internal) {
    await writer.abort().catch((err: unknown) => log.error({ err }, 'could not remove spool file'));
    if (internal) {
      log.error({ err: internal }, 'message not stored');
      return { ok: false, error: storageReply(internal) };
    }
    log.info({ bytes, reply: failure!.responseCode, why: failure!.message }, 'message refused');
    return { ok: false, error: failure! };
  }

  try {
    const ref = await writer.seal();
    const size = bytes;
    const auth = deps.checkSender
      ? await deps.checkSender(envelope, await deps.blobs.input(queueId, 'raw', ref))
      : undefined;
    const refusal = auth && refusalFor(auth.verdict);
    if (refusal) {
      await writer.abort();
      log.warn(
        { from: envelope.mailFrom, client: envelope.remoteAddress, verdict: auth.verdict },
        'message refused: sender',
      );
      return { ok: false, error: smtpError(refusal) };
    }
    await deps.writer.run([
      deps.messages.insert(queueId, envelope, size, auth),
      deps.blobs.record(queueId, 'raw', ref),
    ]);
    log.info(
      { from: envelope.mailFrom, to: envelope.rcptTo, size, client: envelope.remoteAddress },
      'message stored',
    );
    deps.onStored?.(queueId);
    return { ok: true, queueId, size };
  } catch (err) {
    log.error({ err }, 'message not stored');
    await writer.abort().catch(() => undefined);
    return { ok: false, error: storageReply(err) };
  }
}

/** A full disk is 452 4.3.1 (RFC 3463: mail system full), anything else of ours 451 4.3.0. */
const storageReply = (err: unknown): SmtpError =>
  smtpError(storageFailureOf(err) === 'full' ? 'diskFull' : 'internalError');

/** Verdicts refused at SMTP time; everything else is accepted and judged again by the pipeline. */
function refusalFor(v: AuthVerdict): SmtpReplyName | undefined {
  if (v.kind === 'invalid_from') return v.several ? 'multipleFrom' : 'invalidFrom';
  if (v.kind === 'tempfail') return 'authTempfail';
  if (v.kind === 'staff_spoof' && v.action === 'reject') return 'staffSpoof';
  return undefined;
}
