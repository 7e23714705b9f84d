import type { MessageOutcome } from '../adapters/sqlite/message-outcome.js';
import type { MessageRow } from '../adapters/sqlite/message-store.js';
import type { OutboxItem } from '../adapters/sqlite/outbox-store.js';
import { iso, printable } from './list-output.js';

/** Everything `deskguard queue show` reports about one message. */
export interface MessageDetail {
  row: MessageRow;
  outcome: MessageOutcome;
  deliveries: OutboxItem[];
}

/**
 * The pipeline's verdict as the tables record it. A helpdesk delivery means deliver, or redact when
 * there were findings; without one, the quarantine item says (hold), or the message is held; before
 * processing ends there is none yet. (An item's own verdict alone is not enough: the original of a
 * clean message whose delivery died is kept as an item too.)
 */
export function verdictOf(d: MessageDetail): string | null {
  const item = d.outcome.quarantine;
  if (d.row.state === 'received' || d.row.state === 'processing') return 'pending';
  if (d.deliveries.some((x) => x.kind === 'helpdesk'))
    return item?.verdict === 'redact' || Object.keys(d.outcome.findingsByType).length ? 'redact' : 'deliver';
  if (item) return item.verdict;
  return d.row.state === 'held' ? 'hold' : null;
}

/** One line per message, as `queue list` prints it. */
export function queueLine(r: MessageRow): string {
  return [
    r.id,
    r.state.padEnd(10),
    iso(r.envelope.receivedAt),
    String(r.size).padStart(9),
    printable(r.envelope.mailFrom) || '<>',
    '->',
    printable(r.envelope.rcptTo.join(',')),
    r.reason ? `(${printable(r.reason)})` : '',
  ]
    .join(' ')
    .trimEnd();
}

const counts = (byType: Record<string, number>) =>
  Object.entries(byType)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ') || 'none';

/** `queue show` as text: the queue line, then the outcome, the client and each delivery. */
export function renderQueueShow(d: MessageDetail): string[] {
  const { row, outcome } = d;
  const item = outcome.quarantine;
  const lines = [
    queueLine(row),
    `  verdict: ${verdictOf(d) ?? '-'}${item?.reason ? ` (${printable(item.reason)})` : ''}`,
    `  ticket: ${outcome.ticket ?? '-'}`,
    `  findings: ${counts(outcome.findingsByType)}`,
  ];
  if (row.auth) lines.push(`  sender authentication: ${row.auth.verdict.kind}`);
  lines.push(
    `  attempts: ${row.attempts}  client: ${printable(row.envelope.remoteAddress)} (${printable(row.envelope.helo)})`,
  );
  for (const x of d.deliveries)
    lines.push(
      `  ${x.kind}: ${x.state}, ${x.attempts} attempt${x.attempts === 1 ? '' : 's'}${x.lastError ? `, last error: ${printable(x.lastError)}` : ''}`,
    );
  // Where staff find the original of a held or dead message: its quarantine item (id = queue id).
  if (item?.state === 'quarantined' || item?.state === 'released')
    lines.push(`  original: quarantine item ${row.id} (deskguard quarantine reveal|release ${row.id})`);
  else if (item) lines.push(`  original: quarantine item ${row.id}, ${item.state}`);
  return lines;
}

/** `queue show --json`: the row with the same outcome fields. */
export function queueShowJson(d: MessageDetail): Record<string, unknown> {
  return {
    ...d.row,
    verdict: verdictOf(d),
    ticket: d.outcome.ticket,
    findingsByType: d.outcome.findingsByType,
    deliveries: d.deliveries,
    original: d.outcome.quarantine && {
      item: d.row.id,
      state: d.outcome.quarantine.state,
      reason: d.outcome.quarantine.reason,
    },
  };
}
