import {
  append as auditAppend,
  list as auditList,
  verify as auditVerify,
} from '../adapters/sqlite/audit-log.js';
import type { Config } from '../config.js';
import { actorOf, openAdmin } from './admin-context.js';
import type { RunOptions } from './command-line.js';
import { iso, printable, printList } from './list-output.js';

type Out = (s: string) => void;

/** `deskguard audit list|verify`, `deskguard keys list|rotate`, `deskguard purge` */
export async function adminCommand(
  config: Config,
  path: readonly string[],
  o: RunOptions,
  out: Out,
): Promise<number> {
  const ctx = openAdmin(config);
  try {
    switch (path.join(' ')) {
      case 'purge': {
        const r = await ctx.admin.purge();
        out(
          `purged ${r.purged} item(s) older than ${config.quarantine.retentionDays} days, swept ${r.swept} stray file(s)`,
        );
        return 0;
      }
      case 'audit list':
        printList(
          auditList(ctx.db, { limit: o.limit }),
          {
            json: o.json,
            line: (r) =>
              `${r.id} ${iso(r.at)} ${printable(r.actor)} ${r.action} ${r.item ?? '-'} ${printable(r.reason ?? '')}`.trimEnd(),
            empty: 'the audit log is empty',
          },
          out,
        );
        return 0;
      case 'audit verify': {
        const v = auditVerify(ctx.db);
        if (v.ok) {
          out(`audit log intact: ${v.rows} rows`);
          return 0;
        }
        out(`audit log BROKEN at row ${v.brokenAt}: ${v.why}`);
        return 1;
      }
      case 'keys list':
        printList(
          ctx.keyring.list(),
          {
            json: o.json,
            toJson: (k) => ({
              id: k.id,
              current: k.current,
              createdAt: k.createdAt ? iso(k.createdAt) : null,
            }),
            line: (k) =>
              `${k.id}${k.current ? ' (current)' : ''} ${k.createdAt ? iso(k.createdAt) : ''}`.trimEnd(),
            empty: 'no master keys',
          },
          out,
        );
        return 0;
      case 'keys rotate': {
        const key = ctx.keyring.rotate();
        auditAppend(ctx.db, {
          actor: actorOf(o.actor),
          action: 'key_rotate',
          item: key.id,
          reason: o.reason ?? null,
        });
        const r = await ctx.vault.rewrap();
        out(
          `new master key ${key.id}; ${r.rewrapped} item(s) re-wrapped${r.failed.length ? `, ${r.failed.length} failed` : ''}`,
        );
        return r.failed.length ? 1 : 0;
      }
      default:
        throw new Error(`${path.join(' ')}: not in the command table`);
    }
  } finally {
    ctx.close();
  }
}
