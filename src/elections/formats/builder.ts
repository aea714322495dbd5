import { normaliseUnitCode } from './codes';
import type { BadResultLine, OptionKind, ResultOption, RoundResults, UnitResult } from './types';

/** One unit as a reader found it, with its counts by option key. */
export interface UnitDraft {
  readonly sourceCode: string;
  readonly name?: string | undefined;
  readonly district?: string | undefined;
  readonly registered?: number | undefined;
  readonly line: number;
  readonly counts: ReadonlyMap<string, number>;
}

/**
 * Gathers what a reader finds, line by line, into a RoundResults. Options are kept in the order
 * they are first met; a unit whose normalised code was already seen is a bad line naming both
 * lines, so that no unit is counted twice nor dropped without a word.
 */
export class RoundBuilder {
  private readonly options: ResultOption[] = [];
  private readonly index = new Map<string, number>();
  private readonly units: { draft: UnitDraft; code: string }[] = [];
  private readonly seen = new Map<string, number>();
  private readonly bad: BadResultLine[] = [];

  constructor(private readonly format: string) {}

  /** Declares an option (once; later calls with the same key are ignored). */
  option(key: string, label: string, kind: OptionKind, party?: string): void {
    if (this.index.has(key)) return;
    this.index.set(key, this.options.length);
    this.options.push(party === undefined ? { key, label, kind } : { key, label, kind, party });
  }

  hasOption(key: string): boolean {
    return this.index.has(key);
  }

  /** Adds a unit; its count keys must have been declared as options. */
  unit(draft: UnitDraft): void {
    const code = normaliseUnitCode(draft.sourceCode);
    if (code.length === 0) {
      this.badLine(draft.line, 'the unit has no code');
      return;
    }
    const earlier = this.seen.get(code);
    if (earlier !== undefined) {
      this.badLine(draft.line, `unit ${draft.sourceCode}: the same unit code as line ${earlier} (${code} once normalised); this line is skipped`);
      return;
    }
    for (const key of draft.counts.keys()) if (!this.index.has(key)) throw new Error(`option ${key} was not declared`);
    this.seen.set(code, draft.line);
    this.units.push({ draft, code });
  }

  badLine(line: number, message: string): void {
    this.bad.push({ line, message });
  }

  /** The round, every unit's counts laid out in the options' order (0 where a unit lacks one). */
  finish(): RoundResults {
    const units: UnitResult[] = this.units.map(({ draft, code }) => {
      const counts = new Array<number>(this.options.length).fill(0);
      for (const [key, value] of draft.counts) counts[this.index.get(key)!] = value;
      return {
        code,
        sourceCode: draft.sourceCode,
        ...(draft.name !== undefined && { name: draft.name }),
        ...(draft.district !== undefined && { district: draft.district }),
        ...(draft.registered !== undefined && { registered: draft.registered }),
        counts,
        line: draft.line,
      };
    });
    const bad = [...this.bad].sort((a, b) => a.line - b.line);
    return { format: this.format, options: [...this.options], units, bad };
  }
}
