/**
 * Recall and precision of a labelled corpus, per split (the corpus's `split` field: the rows rules
 * were tuned on and the rows held out from tuning are scored apart, so a held-out score cannot hide
 * behind the tuned one) and per type within each split. Every type is checked, however few its
 * cases: one case of a type is one secret that must be found.
 */

export interface Tally {
  /** Labelled secrets found with their type. */
  found: number;
  /** Labelled secrets of the type. */
  labelled: number;
  /** Findings of the type that match a label. */
  correct: number;
  /** Findings of the type. */
  reported: number;
}

const empty = (): Tally => ({ found: 0, labelled: 0, correct: 0, reported: 0 });

export const recall = (t: Tally) => (t.labelled === 0 ? 1 : t.found / t.labelled);
export const precision = (t: Tally) => (t.reported === 0 ? 1 : t.correct / t.reported);

export class Scoreboard {
  private readonly tallies = new Map<string, Map<string, Tally>>();

  private tally(split: string, type: string): Tally {
    const bySplit = this.tallies.get(split) ?? new Map<string, Tally>();
    this.tallies.set(split, bySplit);
    const t = bySplit.get(type) ?? empty();
    bySplit.set(type, t);
    return t;
  }

  /** A labelled secret, found with its type or not. */
  label(split: string, type: string, found: boolean): void {
    const t = this.tally(split, type);
    t.labelled++;
    if (found) t.found++;
  }

  /** A finding, matching a label or not. */
  finding(split: string, type: string, correct: boolean): void {
    const t = this.tally(split, type);
    t.reported++;
    if (correct) t.correct++;
  }

  splits(): string[] {
    return [...this.tallies.keys()].sort();
  }

  /** Per type of the split, and the sum over its types. */
  types(split: string): Array<[string, Tally]> {
    return [...(this.tallies.get(split) ?? new Map<string, Tally>())].sort(([a], [b]) => a.localeCompare(b));
  }

  total(split: string): Tally {
    const sum = empty();
    for (const [, t] of this.types(split)) {
      sum.found += t.found;
      sum.labelled += t.labelled;
      sum.correct += t.correct;
      sum.reported += t.reported;
    }
    return sum;
  }

  /** One printable row per split and type, and per split in all. */
  report(): string {
    const row = (split: string, type: string, t: Tally) =>
      `${split.padEnd(8)} ${type.padEnd(22)} recall ${recall(t).toFixed(3)} (${t.found}/${t.labelled})  precision ${precision(t).toFixed(3)} (${t.correct}/${t.reported})`;
    return this.splits()
      .flatMap((s) => [...this.types(s).map(([type, t]) => row(s, type, t)), row(s, 'ALL', this.total(s))])
      .join('\n');
  }

  /**
   * What falls below the split's floor: its recall or precision in all, and those of each of its
   * types. A split without a floor is reported too: a new split must be given one on purpose.
   */
  belowFloors(floors: Readonly<Record<string, number>>): string[] {
    const out: string[] = [];
    for (const split of this.splits()) {
      const floor = floors[split];
      if (floor === undefined) {
        out.push(`split ${split} has no floor`);
        continue;
      }
      for (const [type, t] of [...this.types(split), ['ALL', this.total(split)] as [string, Tally]]) {
        if (recall(t) < floor) out.push(`${split} ${type}: recall ${recall(t).toFixed(3)} < ${floor}`);
        if (precision(t) < floor)
          out.push(`${split} ${type}: precision ${precision(t).toFixed(3)} < ${floor}`);
      }
    }
    return out;
  }
}
