import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, append, list, verify } from '../../../src/adapters/sqlite/audit-log.js';
import { purgeExpired } from '../../../src/workflows/retention.js';
import { setup } from './helpers.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const raw = (i: number) => Buffer.from(`Subject: ${i}\r\n\r\nAKIA${String(i).padStart(16, '7')}\r\n`);

async function seeded() {
  const s = setup();
  // Ages at T0 + 7 days: 10, 8, 7 (exactly), 6, 1 days.
  const ages = { a10: 10, a8: 8, a7: 7, a6: 6, a1: 1 };
  for (const [id, age] of Object.entries(ages)) {
    await s.vault.store(id, raw(age), { messageId: `m-${id}`, now: T0 + 7 * DAY - age * DAY });
  }
  const audit = (e: AuditEntry) => append(s.db, e, T0 + 7 * DAY);
  return { ...s, audit, now: T0 + 7 * DAY };
}

describe('retention purge', () => {
  it('shreds items at least retentionDays old, keeps newer ones, audits each; a re-run is a no-op', async () => {
    const { vault, db, qdir, audit, now } = await seeded();
    expect(await purgeExpired({ vault, now, retentionDays: 7, audit })).toEqual({ purged: 3, swept: 0 });
    expect(vault.list().map((i) => i.itemId)).toEqual(['a6', 'a1']);
    expect(readdirSync(qdir).sort()).toEqual(['a1.dgq', 'a6.dgq', 'master.keys']);
    expect(await vault.get('a6')).toEqual(raw(6));
    const rows = list(db, { action: 'purge' });
    expect(rows.map((r) => r.item)).toEqual(['a10', 'a8', 'a7']);
    expect(rows[0]).toMatchObject({ actor: 'retention', reason: 'retention: older than 7 days', at: now });

    expect(await purgeExpired({ vault, now, retentionDays: 7, audit })).toEqual({ purged: 0, swept: 0 });
    expect(list(db)).toHaveLength(3); // nothing to purge, nothing recorded
    expect(verify(db).ok).toBe(true);
  });

  it('the fake clock moving on purges the rest', async () => {
    const { vault, audit, now } = await seeded();
    await purgeExpired({ vault, now, retentionDays: 7, audit });
    expect(await purgeExpired({ vault, now: now + 6 * DAY, retentionDays: 7, audit, batchSize: 1 })).toEqual({
      purged: 2,
      swept: 0,
    });
    expect(vault.list()).toEqual([]);
  });

  it('a run interrupted after the key row went (file left) is finished by the sweep of a later run', async () => {
    const { vault, db, qdir, audit } = await seeded();
    // The crash: the row of a10 deleted, its file not yet unlinked.
    db.prepare("DELETE FROM quarantine_keys WHERE item_id = 'a10'").run();
    expect(existsSync(join(qdir, 'a10.dgq'))).toBe(true);
    // Within the grace period the orphan stays (it could be a put about to commit)…
    const r1 = await purgeExpired({ vault, now: Date.now(), retentionDays: 7, audit });
    expect(r1.swept).toBe(0);
    expect(existsSync(join(qdir, 'a10.dgq'))).toBe(true);
    // …and an hour later it is swept.
    const r2 = await purgeExpired({ vault, now: Date.now() + 2 * 3_600_000, retentionDays: 7, audit });
    expect(r2.swept).toBe(1);
    expect(existsSync(join(qdir, 'a10.dgq'))).toBe(false);
  });

  it('a run that crashes between the audit row and the shred leaves the item for the next run', async () => {
    const { vault, db, audit, now } = await seeded();
    let calls = 0;
    const flaky = {
      list: vault.list.bind(vault),
      scrubWal: vault.scrubWal.bind(vault),
      sweep: vault.sweep.bind(vault),
      shred: async (id: string) => {
        if (++calls === 2) throw new Error('killed');
        await vault.shred(id, { deferScrub: true });
      },
    };
    await expect(purgeExpired({ vault: flaky, now, retentionDays: 7, audit })).rejects.toThrow('killed');
    expect(vault.list().map((i) => i.itemId)).toEqual(['a8', 'a7', 'a6', 'a1']);
    expect(await purgeExpired({ vault, now, retentionDays: 7, audit })).toMatchObject({ purged: 2 });
    // a8 is recorded twice (at least once is the guarantee), a10 and a7 once.
    expect(list(db, { action: 'purge' }).map((r) => r.item)).toEqual(['a10', 'a8', 'a8', 'a7']);
  });

  it('refuses a nonsensical retention', async () => {
    const { vault, audit } = await seeded();
    await expect(purgeExpired({ vault, now: 0, retentionDays: 0, audit })).rejects.toThrow(RangeError);
  });
});
