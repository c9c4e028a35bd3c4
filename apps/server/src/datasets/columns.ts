/** A column of a dataset schema (the spec's `DatasetColumn`). */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required?: boolean;
  description?: string | null;
}

export type ColumnType = "int" | "float" | "string" | "bool" | "datetime" | "category";

/** How to read text data (the spec's `ParsingOptions`). */
export interface ParsingOptions {
  delimiter?: string;
  header_row?: number;
}

/** The DuckDB type a declared column is stored as. */
export const STORAGE_TYPE: Record<ColumnType, string> = {
  int: "BIGINT",
  float: "DOUBLE",
  string: "VARCHAR",
  category: "VARCHAR",
  bool: "BOOLEAN",
  datetime: "TIMESTAMP",
};

/** The schema type of a DuckDB column type; text becomes `category` when it has few distinct values. */
export function columnType(duckType: string, distinct: number, rows: number): ColumnType {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(duckType))
    return "int";
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/.test(duckType)) return "float";
  if (duckType === "BOOLEAN") return "bool";
  if (/^(DATE|TIMESTAMP.*|TIME)$/.test(duckType)) return "datetime";
  return distinct <= Math.min(50, Math.max(2, rows / 2)) ? "category" : "string";
}
