import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Params } from "../models/family.js";

/** A finished trial as stored: enough to resume a study without running it again. */
export interface TrialRecord {
  /** Which study (matrix row) the trial belongs to, e.g. the model family. */
  study: string;
  number: number;
  params: Params;
  state: "complete" | "pruned" | "failed";
  /** Objective value (the primary metric), NaN unless complete. */
  value: number;
  /** Every requested metric. */
  values: Record<string, number>;
  seconds: number;
  /** Anything else the runner keeps (fold scores, out-of-fold predictions, fold models). */
  extra?: Record<string, unknown>;
}

/** Where finished trials go; an interrupted run reloads them and skips what is done. */
export interface TrialJournal {
  load(): TrialRecord[];
  append(record: TrialRecord): void;
}

/** Keeps trials in memory: resumable within a process only. */
export class MemoryJournal implements TrialJournal {
  readonly records: TrialRecord[] = [];
  load(): TrialRecord[] {
    return [...this.records];
  }
  append(record: TrialRecord): void {
    this.records.push(record);
  }
}

/**
 * An append-only JSON-lines file. Each trial is one line written with a single append, so a process killed
 * mid-write leaves at most a torn last line, which loading skips.
 */
export class FileJournal implements TrialJournal {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  load(): TrialRecord[] {
    if (!existsSync(this.path)) return [];
    const out: TrialRecord[] = [];
    for (const line of readFileSync(this.path, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as TrialRecord;
        if (record.value === null) record.value = Number.NaN;
        out.push(record);
      } catch {
        // A line cut short by a crash: that trial simply runs again.
      }
    }
    return out;
  }

  append(record: TrialRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}
