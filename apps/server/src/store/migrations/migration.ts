/** One schema change. Once released it is never edited: add a new file (the next id) instead. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
