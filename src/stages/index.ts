import { readFileSync } from 'node:fs';
import { type Config, ConfigError } from '../config.js';
import { publicBase } from '../config-public-url.js';
import type { Stage } from '../pipeline/stage.js';
import type { Clock } from '../ports.js';
import { authenticateStage } from './authenticate.js';
import { decideStage } from './decide.js';
import type { ScanPool } from './detect/scan-pool.js';
import { detectStage } from './detect-stage.js';
import { type ArcSealKey, finalizeStage } from './finalize.js';
import { type NoticePort, noticeStage } from './notice-stage.js';
import { parseStage } from './parse.js';
import { type QuarantinePort, quarantineStage } from './quarantine-stage.js';
import { staffNoteStage } from './staff-note.js';
import { type TicketPort, ticketStage } from './ticket-stage.js';
import { traceStage } from './trace-headers.js';

export interface StagePorts {
  scanPool: ScanPool | undefined;
  vault: QuarantinePort;
  tickets: TicketPort;
  notices: NoticePort;
  clock: Clock;
}

/**
 * The stages in order: parse, authenticate, detect (and redact, in the scan workers), decide,
 * quarantine the original, file the ticket, the sender's notice, the staff note (which says
 * whether the notice went out), then our trace headers and the final composition (with an ARC
 * seal when configured).
 */
export function buildStages(config: Config, hostname: string, ports: StagePorts): Stage[] {
  return [
    parseStage(config.pipeline.parse),
    authenticateStage(config.auth.authservId || hostname),
    ...(ports.scanPool ? [detectStage(ports.scanPool)] : []),
    decideStage(config.policy),
    quarantineStage(ports.vault),
    ticketStage(ports.tickets),
    noticeStage(
      ports.notices,
      {
        enabled: config.notify.enabled,
        ownAddresses: [config.notify.from],
        windowMs: config.notify.windowMinutes * 60_000,
        language: config.notify.language,
        detectLanguage: config.notify.detectLanguage,
      },
      ports.clock,
    ),
    staffNoteStage(config.quarantine.retentionDays, config.http.enabled ? publicBase(config) : undefined),
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
