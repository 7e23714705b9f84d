/**
 * When reviewers are told about held mail. A held message (a forged staff sender, a file that could
 * not be checked, a policy hold) reaches nobody until staff release it, so it must never wait
 * unnoticed: every `digestMs` a digest lists everything still held, and a forged staff message is
 * reported at once, because someone may be about to act on the phishing it imitates.
 */
export interface HeldItem {
  id: string;
  sender: string;
  /** As delivered: redacted. */
  subject: string;
  reason: string | null;
  receivedAt: number;
}

export interface AlertState {
  /** When the last digest went out (0: never). */
  lastDigestAt: number;
  /** Items already named in an alert. */
  alerted: ReadonlySet<string>;
}

export interface AlertPlan {
  /** Why an alert goes out now; undefined when none is due. */
  kind: 'urgent' | 'digest' | undefined;
  /** Every item still held, the ones never alerted first, then oldest first. */
  items: HeldItem[];
  /** The items this alert names for the first time. */
  fresh: HeldItem[];
}

export const isStaffSpoof = (item: HeldItem): boolean => item.reason?.startsWith('staff_spoof') ?? false;

export function planAlert(
  held: readonly HeldItem[],
  state: AlertState,
  now: number,
  digestMs: number,
): AlertPlan {
  const fresh = held.filter((i) => !state.alerted.has(i.id));
  const items = [...fresh, ...held.filter((i) => state.alerted.has(i.id))].sort(
    (a, b) =>
      Number(state.alerted.has(a.id)) - Number(state.alerted.has(b.id)) || a.receivedAt - b.receivedAt,
  );
  const kind = fresh.some(isStaffSpoof)
    ? 'urgent'
    : held.length > 0 && now - state.lastDigestAt >= digestMs
      ? 'digest'
      : undefined;
  return { kind, items, fresh };
}
