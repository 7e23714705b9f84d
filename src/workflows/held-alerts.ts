import MailComposer from 'nodemailer/lib/mail-composer';
import { type HeldItem, isStaffSpoof, planAlert } from '../domain/held-alerts.js';
import { NOTICE_HEADER } from '../domain/notice-policy.js';
import { oneLine } from '../domain/ticket-threading.js';
import type { AlertStore, Clock, Mailer } from '../ports.js';

export interface HeldAlertsDeps {
  store: AlertStore;
  mailer: Mailer;
  /** Our From (notify.from) and the reviewers' addresses (alerts.to). */
  from: string;
  to: readonly string[];
  itemUrl: (id: string) => string;
  digestMs: number;
  clock: Clock;
}

// An alert lists at most this many items; the rest are counted (the web UI lists them all).
const MAX_LISTED = 200;

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function line(item: HeldItem, fresh: boolean, url: string): string {
  return [
    `${fresh ? '* new  ' : '       '}${iso(item.receivedAt)}  from ${oneLine(item.sender) || '<>'}`,
    `       subject: ${oneLine(item.subject).slice(0, 200)}`,
    `       why: ${oneLine(item.reason ?? 'held').slice(0, 300)}`,
    `       ${url}`,
  ].join('\n');
}

/** The alert mail: what is held, why, and a link to each item. Customer text is one line, cut. */
export function composeAlert(
  kind: 'urgent' | 'digest',
  items: readonly HeldItem[],
  fresh: ReadonlySet<string>,
  d: Pick<HeldAlertsDeps, 'from' | 'to' | 'itemUrl'>,
  now: number,
): Promise<Buffer> {
  const spoofs = items.filter((i) => fresh.has(i.id) && isStaffSpoof(i)).length;
  const subject =
    kind === 'urgent'
      ? `Deskguard: forged staff mail held (${spoofs} new), ${items.length} waiting for review`
      : `Deskguard: ${items.length} held message(s) waiting for review`;
  const listed = items.slice(0, MAX_LISTED);
  const text = [
    kind === 'urgent'
      ? 'Mail claiming to come from your staff failed authentication and is held. Nobody has seen it;\n' +
        'if a colleague expects such a message, check with them by another way before releasing it.\n'
      : 'These messages are held: the helpdesk has not received them. Review each and release or delete it.\n',
    ...listed.map((i) => line(i, fresh.has(i.id), d.itemUrl(i.id))),
    items.length > listed.length ? `\n... and ${items.length - listed.length} more in the web UI.` : '',
    '\nThis is an automatic message from Deskguard.',
  ].join('\n');
  return new MailComposer({
    from: oneLine(d.from),
    to: [...d.to],
    subject,
    date: new Date(now),
    headers: {
      'Auto-Submitted': 'auto-generated',
      [NOTICE_HEADER]: 'alert',
      'X-Auto-Response-Suppress': 'All',
    },
    text,
  })
    .compile()
    .build();
}

/**
 * One look at the held items: sends the alert that is due, if any, and remembers it. A failed send
 * is not recorded, so the next tick tries again; held items stay listed until staff act on them.
 */
export async function alertTick(d: HeldAlertsDeps): Promise<'urgent' | 'digest' | undefined> {
  if (d.to.length === 0) return undefined;
  const now = d.clock.now();
  const held = await d.store.held(10_000);
  const plan = planAlert(held, await d.store.state(), now, d.digestMs);
  if (!plan.kind) return undefined;
  const fresh = new Set(plan.fresh.map((i) => i.id));
  const raw = await composeAlert(plan.kind, plan.items, fresh, d, now);
  await d.mailer.deliver({
    deliveryId: `alert-${now}`,
    receivedAt: now,
    // A null sender, as for notices: an alert that cannot be delivered must not bounce back into us.
    mailFrom: '',
    rcptTo: [...d.to],
    raw,
    mayBeDelivered: false,
  });
  await d.store.recordSent([...fresh], now);
  return plan.kind;
}
