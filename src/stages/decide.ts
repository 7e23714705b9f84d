import type { Finding, FindingType } from '../domain/finding.js';
import type { MessageContext } from '../domain/message.js';
import type { Stage } from '../pipeline/stage.js';

export interface Policy {
  default: 'redact' | 'hold';
  types: Partial<Record<FindingType, 'redact' | 'hold' | 'allow'>>;
}

export const actionFor = (policy: Policy, type: FindingType): 'redact' | 'hold' | 'allow' =>
  policy.types[type] ?? policy.default;

/** "password=2, iban=1": counts by type, for headers, logs and staff. */
export function countByType(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  return [...counts].map(([t, n]) => `${t}=${n}`).join(', ');
}

/**
 * The policy point: hold a message that could not be parsed at all (`unparseable`, whatever was
 * decided before: that is what staff must know first), hold when any finding's type is held (or
 * the message could not be parsed within its limits), redact when there is anything to remove, deliver otherwise. Types set to
 * `allow` never reach here: they are not looked for.
 */
export function decideStage(policy: Policy): Stage {
  return {
    name: 'decide',
    run(ctx: MessageContext) {
      if (ctx.parsed?.unparseable) {
        const earlier = ctx.verdict === 'hold' && ctx.reason ? `; ${ctx.reason}` : '';
        ctx.verdict = 'hold';
        ctx.reason = `unparseable: ${ctx.parsed.unparseable}${earlier}`;
        return;
      }
      if (ctx.verdict === 'hold') return; // decided earlier (a staff spoof, an unscannable message)
      if (ctx.parsed?.overLimits.length) {
        ctx.verdict = 'hold';
        ctx.reason = `unscannable: ${ctx.parsed.overLimits.join('; ')}`;
        return;
      }
      const findings = (ctx.findings ?? []).filter((f) => actionFor(policy, f.type) !== 'allow');
      const held = findings.filter((f) => actionFor(policy, f.type) === 'hold');
      if (held.length) {
        ctx.verdict = 'hold';
        ctx.reason = `held by policy: ${[...new Set(held.map((f) => `${f.type} in ${f.where}`))].join(', ')}`;
        return;
      }
      if (findings.length) {
        if (!ctx.redacted) {
          // Findings but no redacted copy: nothing safe to deliver.
          ctx.verdict = 'hold';
          ctx.reason = 'findings could not be redacted';
          return;
        }
        ctx.verdict = 'redact';
        ctx.output = ctx.redacted;
        ctx.addHeaders.push(['X-Deskguard-Findings', countByType(findings)]);
      } else {
        ctx.verdict ??= 'deliver';
      }
      ctx.addHeaders.push(['X-Deskguard-Verdict', ctx.verdict]);
    },
  };
}
