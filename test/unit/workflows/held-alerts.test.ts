import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { MaildirMailer } from '../../../src/adapters/maildir.js';
import { SqliteAlertStore } from '../../../src/adapters/sqlite/alert-store.js';
import { type Db, openDatabase } from '../../../src/adapters/sqlite/database.js';
import { QuarantineIndex } from '../../../src/adapters/sqlite/quarantine-index.js';
import type { SqlOp } from '../../../src/adapters/sqlite/sql-op.js';
import { type HeldItem, planAlert } from '../../../src/domain/held-alerts.js';
import { alertTick, type HeldAlertsDeps } from '../../../src/workflows/held-alerts.js';
import { maildirMessages, makeTempDir, removeDir } from '../../helpers/gateway.js';

const HOUR = 3_600_000;
const item = (id: string, reason: string | null, receivedAt = 1000): HeldItem => ({
  id,
  sender: `${id}@example.org`,
  subject: `subject ${id}`,
  reason,
  receivedAt,
});

describe('planAlert: when reviewers hear of held mail', () => {
  it('nothing held: no alert, however long since the last', () => {
    expect(planAlert([], { lastDigestAt: 0, alerted: new Set() }, 100 * HOUR, 4 * HOUR).kind).toBeUndefined();
  });

  it('a digest once digestHours have passed, listing everything still held, new ones first', () => {
    const held = [item('old', 'unscannable: zip bomb', 10), item('new', 'held by policy', 20)];
    const state = { lastDigestAt: 0, alerted: new Set(['old']) };
    expect(planAlert(held, { ...state, lastDigestAt: 1 * HOUR }, 4 * HOUR, 4 * HOUR).kind).toBeUndefined();
    const plan = planAlert(held, { ...state, lastDigestAt: 1 * HOUR }, 5 * HOUR, 4 * HOUR);
    expect(plan.kind).toBe('digest');
    expect(plan.items.map((i) => i.id)).toEqual(['new', 'old']);
    expect(plan.fresh.map((i) => i.id)).toEqual(['new']);
  });

  it('forged staff mail is reported at once, and only once', () => {
    const held = [item('spoof', 'staff_spoof: dmarc=fail for example.com')];
    const now = 1 * HOUR;
    expect(planAlert(held, { lastDigestAt: now - 1, alerted: new Set() }, now, 4 * HOUR).kind).toBe('urgent');
    expect(
      planAlert(held, { lastDigestAt: now - 1, alerted: new Set(['spoof']) }, now, 4 * HOUR).kind,
    ).toBeUndefined();
  });
});

describe('alertTick on SQLite and a maildir', () => {
  let dir: string;
  let db: Db;
  afterEach(() => {
    db?.close();
    removeDir(dir);
  });

  async function setup(now: { t: number }) {
    dir = makeTempDir();
    db = openDatabase(`${dir}/deskguard.db`);
    const index = new QuarantineIndex(db);
    const exec = (o: SqlOp) => db.prepare(o.sql).run(...o.params);
    const hold = (id: string, reason: string) =>
      exec(
        index.keep(
          {
            id,
            sender: 'ceo@staff.example',
            subject: 'Urgent wire [REDACTED:iban]',
            reason,
            types: [],
            ticket: null,
            receivedAt: now.t,
          },
          now.t,
        ),
      );
    const deps: HeldAlertsDeps = {
      store: new SqliteAlertStore(db),
      mailer: new MaildirMailer(`${dir}/alerts`, false),
      from: 'Support <support@localhost>',
      to: ['leads@staff.example'],
      itemUrl: (id) => `https://deskguard.example/quarantine/${id}`,
      digestMs: 4 * HOUR,
      clock: { now: () => now.t },
    };
    return { hold, deps, index, exec };
  }

  it('a held forged-staff message: one urgent alert with the link; the next digest after digestHours', async () => {
    const now = { t: 10 * HOUR };
    const { hold, deps } = await setup(now);
    expect(await alertTick(deps)).toBeUndefined();
    hold('Q1', 'staff_spoof: dmarc=fail');
    expect(await alertTick(deps)).toBe('urgent');
    expect(await alertTick(deps)).toBeUndefined();
    const [alert] = maildirMessages(`${dir}/alerts`);
    const parsed = await simpleParser(alert!.content);
    expect(parsed.subject).toMatch(/forged staff mail held/);
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toContain('leads@staff.example');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.text).toContain('https://deskguard.example/quarantine/Q1');
    expect(parsed.text).toContain('staff_spoof');
    now.t += 4 * HOUR;
    expect(await alertTick(deps)).toBe('digest');
    expect(maildirMessages(`${dir}/alerts`)).toHaveLength(2);
  });

  it('an item staff released is no longer listed; a failed send is tried again', async () => {
    const now = { t: 10 * HOUR };
    const { hold, deps, index, exec } = await setup(now);
    hold('Q1', 'unscannable: encrypted archive');
    hold('Q2', 'unscannable: encrypted archive');
    exec(index.setState('Q1', 'released', now.t));
    let fail = true;
    const real = deps.mailer;
    deps.mailer = {
      deliver: (m) => (fail ? Promise.reject(new Error('relay down')) : real.deliver(m)),
      close: async () => {},
    };
    await expect(alertTick(deps)).rejects.toThrow('relay down');
    fail = false;
    expect(await alertTick(deps)).toBe('digest');
    const text = (await simpleParser(maildirMessages(`${dir}/alerts`)[0]!.content)).text ?? '';
    expect(text).toContain('/quarantine/Q2');
    expect(text).not.toContain('/quarantine/Q1');
  });

  it('no recipients: nothing is sent', async () => {
    const now = { t: 10 * HOUR };
    const { hold, deps } = await setup(now);
    hold('Q1', 'staff_spoof: dmarc=fail');
    expect(await alertTick({ ...deps, to: [] })).toBeUndefined();
  });
});
