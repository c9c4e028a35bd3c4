import { InvalidArgumentError } from "commander";

/** Parses a flag's value as an integer of at least `min` (commander reports the error with the flag's name). */
export function integer(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer ≥ ${min}.`);
    return n;
  };
}

/** Parses a comma-separated list. */
export function list(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
