import { headerFields } from '../domain/headers.js';
import type { MessageContext } from '../domain/message.js';
import { decodedHeader } from '../domain/mime-edit.js';
import type { Stage } from '../pipeline/stage.js';
import type { ScanPool } from './detect/scan-pool.js';

/** Stored in place of a subject that could not be checked at all: never the subject as received. */
export const UNCHECKED_SUBJECT = '(subject not shown: it could not be checked)';

/**
 * The subject as it may be stored and shown, whatever the verdict: a held message's subject is
 * customer text too. When the whole scan failed, the Subject field alone is scanned (a message of
 * one header field, well inside any limit); if even that fails, nothing of it is kept.
 */
async function checkedSubject(pool: ScanPool, source: Buffer): Promise<string> {
  const field = headerFields(source).find((f) => f.name.toLowerCase() === 'subject');
  if (!field) return '';
  const alone = Buffer.from(`${field.raw}\r\n`, 'latin1');
  const r = await pool.scan(alone);
  return r.complete ? decodedHeader(r.redacted ?? alone, 'subject') : UNCHECKED_SUBJECT;
}

/**
 * Runs extraction, detection and redaction for the message in the scan pool's worker threads,
 * where a hard per-message limit applies. A scan that could not complete yields one `unscannable`
 * finding for the whole message and no redacted copy: the policy then holds it.
 */
export function detectStage(pool: ScanPool): Stage {
  return {
    name: 'detect',
    async run(ctx: MessageContext) {
      // Not parseable: the scanner would fail on the same bytes; the message is held as it is
      // (and no subject of it is stored).
      if (ctx.parsed?.unparseable) return;
      const source = ctx.output ?? ctx.raw;
      const result = await pool.scan(source);
      ctx.findings = result.findings;
      ctx.senderView = result.sender;
      ctx.redacted = result.complete ? result.redacted : undefined;
      ctx.checkedSubject = result.complete
        ? decodedHeader(result.redacted ?? source, 'subject')
        : await checkedSubject(pool, source);
      if (!result.complete) {
        ctx.verdict = 'hold';
        ctx.reason = 'unscannable: the message could not be scanned within its limits';
      }
    },
  };
}
