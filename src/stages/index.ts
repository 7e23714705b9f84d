import { readFileSync } from 'node:fs';
import { type Config, ConfigError } from '../config.js';
import type { Stage } from '../pipeline/stage.js';
import { authenticateStage } from './authenticate.js';
import { decideStage } from './decide.js';
import type { ScanPool } from './detect/scan-pool.js';
import { detectStage } from './detect-stage.js';
import { type ArcSealKey, finalizeStage } from './finalize.js';
import { parseStage } from './parse.js';
import { traceStage } from './trace-headers.js';

/**
 * The stages in order: parse, authenticate, detect (and redact, in the scan workers), decide, then
 * our trace headers and the final composition. Quarantine, ticket and notice go after decide.
 */
export function buildStages(config: Config, hostname: string, scanPool: ScanPool | undefined): Stage[] {
  return [
    parseStage(config.pipeline.parse),
    authenticateStage(config.auth.authservId || hostname),
    ...(scanPool ? [detectStage(scanPool)] : []),
    decideStage(config.policy),
    traceStage(hostname),
    finalizeStage(arcSealKey(config)),
  ];
}

/** The ARC sealing key, read once at start; a configured but unreadable key stops start-up. */
export function arcSealKey(config: Config): ArcSealKey | undefined {
  const s = config.auth.arcSeal;
  if (!s.enabled) return undefined;
  if (!s.domain || !s.selector || !s.keyFile)
    throw new ConfigError('config: auth.arcSeal: domain, selector and keyFile are required when enabled');
  try {
    return { domain: s.domain, selector: s.selector, privateKey: readFileSync(s.keyFile) };
  } catch (err) {
    throw new ConfigError(
      `config: auth.arcSeal.keyFile: cannot read ${s.keyFile}: ${(err as NodeJS.ErrnoException).code}`,
    );
  }
}
