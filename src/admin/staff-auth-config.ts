import type { Config } from '../config.js';
import { type Clock, type StaffStore, systemClock } from '../ports.js';
import { StaffAuth } from './staff-auth.js';

export { StaffAuth };

const MINUTE = 60_000;

/** The sign-in policy as configured (`http.signIn`). */
export function staffAuthFor(config: Config, store: StaffStore, clock: Clock = systemClock): StaffAuth {
  const s = config.http.signIn;
  return new StaffAuth(
    store,
    {
      maxFailures: s.maxFailures,
      lockMs: s.lockMinutes * MINUTE,
      sessionMs: s.sessionHours * 60 * MINUTE,
      idleMs: s.idleMinutes * MINUTE,
    },
    clock,
  );
}
