import type { Config } from '../config.js';
import type { Stage } from '../pipeline/stage.js';
import { authenticateStage } from './authenticate.js';
import { decideStage } from './decide.js';
import { parseStage } from './parse.js';
import { traceStage } from './trace-headers.js';

/**
 * The stages in order. Where the later ones go: detect after authenticate, quarantine and redact
 * after decide, ticket and notice last.
 */
export function buildStages(config: Config, hostname: string): Stage[] {
  return [
    parseStage(config.pipeline.parse),
    authenticateStage(config.auth.authservId || hostname),
    decideStage(),
    traceStage(hostname),
  ];
}
