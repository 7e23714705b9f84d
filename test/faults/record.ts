import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * What a fault test proved, in figures: `npm run report:reliability` runs the fault suite with
 * RELIABILITY_DIR set and renders every record into docs/reliability.md. Without RELIABILITY_DIR
 * (a plain test run) nothing is written.
 */
export interface ReliabilityRecord {
  /** The test, as the table names it. */
  test: string;
  /** What was done to the gateway (the fault, the input). */
  fault: string;
  sent?: number;
  acknowledged?: number;
  delivered?: number;
  held?: number;
  dead?: number;
  refused?: number;
  lost?: number;
  duplicates?: number;
  peakRssMb?: number;
  /** Anything else worth a column-free note: "421 to the idle session, 250 to the new one". */
  notes?: string;
}

export function recordReliability(r: ReliabilityRecord): void {
  const dir = process.env.RELIABILITY_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const file = `${r.test.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`;
  // The test file, so the report can flag a record whose file also had a failing test.
  const from = expect.getState().testPath;
  writeFileSync(join(dir, file), `${JSON.stringify({ ...r, from }, null, 2)}\n`);
}
