import type { QuarantineState } from '../adapters/sqlite/quarantine-index.js';
import type { TicketStatus } from '../adapters/sqlite/ticket-schema.js';
import type { Config } from '../config.js';
import { actorOf, openAdmin } from './admin-context.js';
import type { RunOptions } from './command-line.js';
import { iso, printable, printList } from './list-output.js';
import { UsageError } from './usage-error.js';

type Out = (s: string) => void;
type Admin = ReturnType<typeof openAdmin>;

/** `deskguard quarantine list|show|reveal|release|delete ID`; options are checked by the command table. */
export async function quarantineCommand(
  config: Config,
  action: string,
  id: string | undefined,
  o: RunOptions,
  out: Out,
  raw: (b: Buffer) => void,
): Promise<number> {
  const ctx = openAdmin(config);
  const actor = actorOf(o.actor);
  try {
    switch (action) {
      case 'list': {
        const state = o.state === 'all' ? null : (o.state as QuarantineState);
        printList(
          ctx.admin.list(state, o.limit),
          {
            json: o.json,
            toJson: (i) => ({ ...i, receivedAt: iso(i.receivedAt) }),
            line: (i) =>
              `${i.id}  ${iso(i.receivedAt)}  ${i.state.padEnd(11)} ${i.verdict.padEnd(6)} ${i.types.join(',')}  ${printable(i.sender) || '<>'}  ${i.ticket ?? '-'}  ${printable(i.subject)}`,
            empty: state ? `no ${state} items` : 'the quarantine is empty',
          },
          out,
        );
        return 0;
      }
      case 'show': {
        const item = ctx.admin.show(id!, actor);
        if (o.json) out(JSON.stringify({ ...item, receivedAt: iso(item.receivedAt) }));
        else {
          out(
            `${item.id}: ${item.state}, ${item.verdict}${item.reason ? ` (${printable(item.reason)})` : ''}`,
          );
          out(
            `  from ${printable(item.sender) || '<>'}, received ${iso(item.receivedAt)}, ticket ${item.ticket ?? '-'}`,
          );
          out(`  subject: ${printable(item.subject)}`);
          for (const f of item.findings)
            out(`  ${f.type} in ${printable(f.location)} (${printable(f.preview)})`);
        }
        return 0;
      }
      case 'reveal':
        raw(await ctx.admin.reveal(id!, actor, o.reason!));
        return 0;
      case 'release':
        await ctx.admin.release(id!, actor, o.reason ?? null);
        out(`${id} released: the original goes to the helpdesk`);
        return 0;
      case 'delete':
        await ctx.admin.delete(id!, actor, o.reason ?? null);
        out(`${id} deleted (crypto-shredded)`);
        return 0;
      default:
        throw new Error(`quarantine ${action}: not in the command table`);
    }
  } finally {
    ctx.close();
  }
}

// An original is held while its item is quarantined or released (the vault keeps it for reveal).
const holds = (ctx: Admin, id: string) => {
  const state = ctx.index.get(id)?.state;
  return state === 'quarantined' || state === 'released';
};

/**
 * Solves a ticket and says what happened to its originals, counted from the quarantine index
 * before and after, so the answer is what was shredded now, not what solving is meant to do.
 */
async function solve(ctx: Admin, id: string, actor: string): Promise<string> {
  const targets = ctx.tickets.shredTargets(id);
  const items = [...new Set([...targets.quarantineItems, ...targets.queueIds])].filter((i) =>
    ctx.index.get(i),
  );
  const before = items.filter((i) => holds(ctx, i));
  const outcome = await ctx.admin.solveTicket(id, actor);
  if (outcome === 'unknown') throw new UsageError(`no ticket ${id}`);
  const shredded = before.filter((i) => ctx.index.get(i)?.state === 'deleted').length;
  const earlier = items.length - before.length;
  const what =
    shredded > 0
      ? `${shredded} quarantined original${shredded === 1 ? '' : 's'} crypto-shredded`
      : `no originals were held for this ticket${earlier ? ` (${earlier} deleted earlier)` : ''}`;
  return `${id} ${outcome === 'solved' ? 'solved' : 'was solved already'}; ${what}`;
}

/** `deskguard tickets list|show|solve ID` */
export async function ticketsCommand(
  config: Config,
  action: string,
  id: string | undefined,
  o: RunOptions,
  out: Out,
): Promise<number> {
  const ctx = openAdmin(config);
  try {
    switch (action) {
      case 'list': {
        const status = o.state === 'all' ? undefined : (o.state as TicketStatus);
        printList(
          ctx.tickets.list({ ...(status ? { status } : {}), limit: o.limit }),
          {
            json: o.json,
            line: (t) =>
              `${t.id}  ${t.status.padEnd(6)}  ${iso(t.updatedAt)}  ${printable(t.requester)}  ${printable(t.subject)}`,
            empty: status ? `no ${status} tickets` : 'no tickets',
          },
          out,
        );
        return 0;
      }
      case 'show': {
        const t = ctx.tickets.get(id!);
        if (!t) throw new UsageError(`no ticket ${id}`);
        const messages = ctx.tickets.messages(t.id);
        const findings = ctx.tickets.findings(t.id);
        if (o.json) out(JSON.stringify({ ...t, messages, findings }));
        else {
          out(`${t.id}: ${t.status}, ${printable(t.requester)}, "${printable(t.subject)}"`);
          for (const m of messages)
            out(
              `  message ${m.queueId} ${iso(m.receivedAt)}${m.quarantineItem ? ` (quarantine ${m.quarantineItem})` : ''}`,
            );
          for (const f of findings)
            out(`  finding ${f.type} in ${printable(f.location)} (${printable(f.preview)})`);
        }
        return 0;
      }
      case 'solve':
        out(await solve(ctx, id!, actorOf(o.actor)));
        return 0;
      default:
        throw new Error(`tickets ${action}: not in the command table`);
    }
  } finally {
    ctx.close();
  }
}
