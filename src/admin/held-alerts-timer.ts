import { hostname } from 'node:os';
import type { Logger } from '../adapters/log.js';
import { noticeMailer } from '../adapters/notice-mailer.js';
import { SqliteAlertStore } from '../adapters/sqlite/alert-store.js';
import type { Db } from '../adapters/sqlite/database.js';
import type { Config } from '../config.js';
import { publicBase } from '../config-public-url.js';
import { systemClock } from '../ports.js';
import { alertTick } from '../workflows/held-alerts.js';

// How often held items are looked at: a forged staff message is reported within this.
const TICK_MS = 60_000;

/** The held-mail alerts' timer in the gateway; undefined when no one is to be told (alerts.to). */
export function startHeldAlerts(config: Config, db: Db, httpPort: number | undefined, log: Logger) {
  if (config.alerts.to.length === 0) return undefined;
  const mailer = noticeMailer(config, config.alerts.maildir, config.smtp.hostname || hostname());
  const base = publicBase(config, httpPort);
  const deps = {
    store: new SqliteAlertStore(db),
    mailer,
    from: config.notify.from,
    to: config.alerts.to,
    itemUrl: (id: string) => `${base}/quarantine/${id}`,
    digestMs: config.alerts.digestHours * 3_600_000,
    clock: systemClock,
  };
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = alertTick(deps).then(
      (kind) => kind && log.info({ kind }, 'held-mail alert sent'),
      (err: unknown) => log.warn({ err }, 'held-mail alert not sent; trying again at the next tick'),
    );
  };
  tick();
  const timer = setInterval(tick, TICK_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await mailer.close();
    },
  };
}
