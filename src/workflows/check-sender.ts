import type { Readable } from 'node:stream';
import type { DnsResolver } from '../adapters/dns-resolver.js';
import type { Logger } from '../adapters/log.js';
import { checkMessage } from '../adapters/mailauth-check.js';
import { domainParts } from '../domain/auth/lookalike.js';
import type { StaffPolicy } from '../domain/auth/staff-claims.js';
import type { StoredAuth } from '../domain/auth/stored-auth.js';
import { type AuthActions, type AuthFacts, judgeSender } from '../domain/auth/verdict.js';
import type { Envelope } from '../domain/message.js';
import { senderReachable } from './sender-reachable.js';

export interface SenderCheckDeps {
  resolver: DnsResolver;
  budgetMs: number;
  authservId: string;
  /** A From or Sender field longer than this is refused unread (auth.maxAddressFieldBytes). */
  maxAddressFieldBytes: number;
  staff: StaffPolicy;
  actions: AuthActions;
  log: Logger;
}

/**
 * Authenticates one message and judges its sender, within the message's DNS budget. A failure of
 * authentication itself yields `unverified` (the message is held), never a silent pass: a message
 * crafted to crash the checker must not slip past the staff rules.
 */
export function createSenderCheck(deps: SenderCheckDeps) {
  return async (envelope: Envelope, input: Buffer | Readable): Promise<StoredAuth> => {
    const dns = deps.resolver.forMessage(deps.budgetMs);
    // Its own view: a notice lookup that times out must never count as the author's DNS failing.
    const reachable = senderReachable(deps.resolver.forMessage(deps.budgetMs).resolve, envelope.mailFrom);
    try {
      const outcome = await checkMessage(
        input,
        envelope,
        dns.resolve,
        deps.authservId,
        () => dns.tempFailures,
        { maxFieldBytes: deps.maxAddressFieldBytes },
      );
      return {
        verdict: judgeSender(outcome.facts, deps.staff, deps.actions),
        authResults: outcome.authResults,
        receivedSpf: outcome.receivedSpf,
        arc: outcome.facts.arc?.result,
        senderVerified: senderVerified(outcome.facts, envelope.mailFrom),
        senderReachable: await reachable.catch(() => undefined),
      };
    } catch (err) {
      void reachable.catch(() => undefined);
      deps.log.warn({ err: (err as Error).message, from: envelope.mailFrom }, 'sender authentication failed');
      if ('destroy' in input) input.destroy();
      return {
        verdict: { kind: 'unverified', reason: 'sender authentication could not read the message' },
        authResults: `${deps.authservId}; none (authentication failed)`,
      };
    }
  };
}

function senderVerified(facts: AuthFacts, mailFrom: string): boolean {
  const domain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1).toLowerCase();
  if (facts.spf.result !== 'fail') return true;
  return facts.dkim.some(
    (d) => d.result === 'pass' && domainParts(d.domain).registrable === domainParts(domain).registrable,
  );
}
