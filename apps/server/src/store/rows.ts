/** A timestamp column as the API shows it: ISO-8601 in UTC. */
export const iso = (v: unknown): string => new Date(v as string | Date).toISOString();

/** The same for a nullable column. */
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
