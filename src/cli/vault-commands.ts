import {
  append as auditAppend,
  list as auditList,
  verify as auditVerify,
} from '../adapters/sqlite/audit-log.js';
import type { Config } from '../config.js';
import { actorOf, openAdmin } from './admin-context.js';
import { UsageError } from './usage-error.js';

export interface AdminArgs {
  action: string | undefined;
  id: string | undefined;
  json: boolean;
  state: string | undefined;
  limit: number;
  reason: string | undefined;
  actor: string | undefined;
}

type Out = (s: string) => void;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const need = (id: string | undefined, what: string) => {
  if (!id) throw new UsageError(`${what} is required`);
  return id;
};

/** `deskguard quarantine list|show|reveal|release|delete` */
export async function quarantineCommand(
  config: Config,
  a: AdminArgs,
  out: Out,
  raw: (b: Buffer) => void,
): Promise<number> {
  const ctx = openAdmin(config);
  const actor = actorOf(a.actor);
  try {
    switch (a.action) {
      case 'list': {
        const state = (a.state ?? 'quarantined') as 'quarantined';
        const items = ctx.admin.list(a.state === 'all' ? null : state, a.limit);
        for (const i of items)
          out(
            a.json
              ? JSON.stringify({ ...i, receivedAt: iso(i.receivedAt) })
              : `${i.id}  ${iso(i.receivedAt)}  ${i.verdict.padEnd(6)} ${i.types.join(',')}  ${i.sender || '<>'}  ${i.ticket ?? '-'}  ${i.subject}`,
          );
        return 0;
      }
      case 'show': {
        const item = ctx.admin.show(need(a.id, 'an item id'), actor);
        if (a.json) out(JSON.stringify({ ...item, receivedAt: iso(item.receivedAt) }));
        else {
          out(`${item.id}: ${item.state}, ${item.verdict}${item.reason ? ` (${item.reason})` : ''}`);
          out(
            `  from ${item.sender || '<>'}, received ${iso(item.receivedAt)}, ticket ${item.ticket ?? '-'}`,
          );
          out(`  subject: ${item.subject}`);
          for (const f of item.findings) out(`  ${f.type} in ${f.location} (${f.preview})`);
        }
        return 0;
      }
      case 'reveal': {
        if (!a.reason?.trim())
          throw new UsageError('reveal needs --reason TEXT (it is kept in the audit log)');
        raw(await ctx.admin.reveal(need(a.id, 'an item id'), actor, a.reason));
        return 0;
      }
      case 'release':
        await ctx.admin.release(need(a.id, 'an item id'), actor, a.reason ?? null);
        out(`${a.id} released: the original goes to the helpdesk`);
        return 0;
      case 'delete':
        await ctx.admin.delete(need(a.id, 'an item id'), actor, a.reason ?? null);
        out(`${a.id} deleted (crypto-shredded)`);
        return 0;
      default:
        throw new UsageError(
          'usage: deskguard quarantine list|show ID|reveal ID --reason TEXT|release ID|delete ID',
        );
    }
  } finally {
    ctx.close();
  }
}

/** `deskguard tickets list|show|solve` */
export async function ticketsCommand(config: Config, a: AdminArgs, out: Out): Promise<number> {
  const ctx = openAdmin(config);
  try {
    switch (a.action) {
      case 'list': {
        const status = a.state === 'open' || a.state === 'solved' ? a.state : undefined;
        for (const t of ctx.tickets.list({ ...(status ? { status } : {}), limit: a.limit }))
          out(
            a.json
              ? JSON.stringify(t)
              : `${t.id}  ${t.status.padEnd(6)}  ${iso(t.updatedAt)}  ${t.requester}  ${t.subject}`,
          );
        return 0;
      }
      case 'show': {
        const id = need(a.id, 'a ticket id');
        const t = ctx.tickets.get(id);
        if (!t) throw new UsageError(`no ticket ${id}`);
        const messages = ctx.tickets.messages(id);
        const findings = ctx.tickets.findings(id);
        if (a.json) out(JSON.stringify({ ...t, messages, findings }));
        else {
          out(`${t.id}: ${t.status}, ${t.requester}, "${t.subject}"`);
          for (const m of messages)
            out(
              `  message ${m.queueId} ${iso(m.receivedAt)}${m.quarantineItem ? ` (quarantine ${m.quarantineItem})` : ''}`,
            );
          for (const f of findings) out(`  finding ${f.type} in ${f.location} (${f.preview})`);
        }
        return 0;
      }
      case 'solve': {
        const outcome = await ctx.admin.solveTicket(need(a.id, 'a ticket id'), actorOf(a.actor));
        if (outcome === 'unknown') throw new UsageError(`no ticket ${a.id}`);
        out(
          `${a.id} ${outcome === 'solved' ? 'solved' : 'was solved already'}; its quarantined originals are deleted`,
        );
        return 0;
      }
      default:
        throw new UsageError('usage: deskguard tickets list|show ID|solve ID');
    }
  } finally {
    ctx.close();
  }
}

/** `deskguard audit list|verify`, `deskguard keys rotate|list`, `deskguard purge` */
export async function vaultAdminCommand(
  config: Config,
  command: string,
  a: AdminArgs,
  out: Out,
): Promise<number> {
  const ctx = openAdmin(config);
  try {
    if (command === 'purge') {
      const r = await ctx.admin.purge();
      out(
        `purged ${r.purged} item(s) older than ${config.quarantine.retentionDays} days, swept ${r.swept} stray file(s)`,
      );
      return 0;
    }
    if (command === 'audit' && a.action === 'list') {
      for (const r of auditList(ctx.db, { limit: a.limit }))
        out(
          a.json
            ? JSON.stringify(r)
            : `${r.id} ${iso(r.at)} ${r.actor} ${r.action} ${r.item ?? '-'} ${r.reason ?? ''}`.trimEnd(),
        );
      return 0;
    }
    if (command === 'audit' && a.action === 'verify') {
      const v = auditVerify(ctx.db);
      if (v.ok) {
        out(`audit log intact: ${v.rows} rows`);
        return 0;
      }
      out(`audit log BROKEN at row ${v.brokenAt}: ${v.why}`);
      return 1;
    }
    if (command === 'keys' && a.action === 'list') {
      for (const k of ctx.keyring.list())
        out(`${k.id}${k.current ? ' (current)' : ''} ${k.createdAt ? iso(k.createdAt) : ''}`.trimEnd());
      return 0;
    }
    if (command === 'keys' && a.action === 'rotate') {
      const key = ctx.keyring.rotate();
      auditAppend(ctx.db, {
        actor: actorOf(a.actor),
        action: 'key_rotate',
        item: key.id,
        reason: a.reason ?? null,
      });
      const r = await ctx.vault.rewrap();
      out(
        `new master key ${key.id}; ${r.rewrapped} item(s) re-wrapped${r.failed.length ? `, ${r.failed.length} failed` : ''}`,
      );
      return r.failed.length ? 1 : 0;
    }
    throw new UsageError(`usage: deskguard ${command === 'keys' ? 'keys rotate|list' : 'audit list|verify'}`);
  } finally {
    ctx.close();
  }
}
