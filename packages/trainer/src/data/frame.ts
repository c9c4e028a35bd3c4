import { TrainerInputError } from "../errors.js";

/** How a column's values are stored and treated. */
export type ColumnKind = "numeric" | "categorical" | "datetime" | "boolean";

/** Numbers in a Float64Array, NaN for missing. Datetimes are epoch milliseconds, booleans 0/1. */
export interface DenseColumn {
  kind: "numeric" | "datetime" | "boolean";
  name: string;
  values: Float64Array;
}

/** Dictionary-encoded strings: `codes[i]` indexes `categories`, -1 for missing. */
export interface CategoricalColumn {
  kind: "categorical";
  name: string;
  codes: Int32Array;
  categories: string[];
}

export type Column = DenseColumn | CategoricalColumn;

/** One column's name and kind: what a frame's schema lists. */
export interface ColumnSchema {
  name: string;
  kind: ColumnKind;
}

/** A columnar table on typed arrays. Immutable by convention: operations return new frames. */
export class Frame {
  readonly nRows: number;
  private readonly byName: Map<string, Column>;

  constructor(readonly columns: Column[]) {
    this.nRows = columns.length === 0 ? 0 : columnLength(columns[0]);
    this.byName = new Map();
    for (const column of columns) {
      if (columnLength(column) !== this.nRows) {
        throw new TrainerInputError(
          `Column "${column.name}" has ${columnLength(column)} rows, expected ${this.nRows}.`,
          {
            column: column.name,
          },
        );
      }
      if (this.byName.has(column.name)) {
        throw new TrainerInputError(`Column "${column.name}" appears twice.`, { column: column.name });
      }
      this.byName.set(column.name, column);
    }
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  get schema(): ColumnSchema[] {
    return this.columns.map((c) => ({ name: c.name, kind: c.kind }));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The named column, or an error listing the columns there are. */
  column(name: string): Column {
    const column = this.byName.get(name);
    if (!column) {
      throw new TrainerInputError(`Unknown column "${name}". Columns: ${this.names.join(", ")}.`, {
        column: name,
      });
    }
    return column;
  }

  /** A frame of the given rows, in the given order. */
  take(rows: ArrayLike<number>): Frame {
    return new Frame(this.columns.map((c) => takeColumn(c, rows)));
  }

  /** A frame without the named columns. */
  drop(...names: string[]): Frame {
    const gone = new Set(names);
    return new Frame(this.columns.filter((c) => !gone.has(c.name)));
  }

  /** A frame of just the named columns, in that order. */
  select(names: string[]): Frame {
    return new Frame(names.map((n) => this.column(n)));
  }

  /** The value at a row as a plain JS value (string, number, boolean, Date or null). */
  value(name: string, row: number): string | number | boolean | Date | null {
    return cellValue(this.column(name), row);
  }
}

/** A column's row count. */
export function columnLength(column: Column): number {
  return column.kind === "categorical" ? column.codes.length : column.values.length;
}

/** Whether a cell is missing. */
export function isMissing(column: Column, row: number): boolean {
  return column.kind === "categorical" ? column.codes[row] < 0 : Number.isNaN(column.values[row]);
}

/** A cell as a plain JS value, null when missing. */
export function cellValue(column: Column, row: number): string | number | boolean | Date | null {
  if (isMissing(column, row)) return null;
  switch (column.kind) {
    case "categorical":
      return column.categories[column.codes[row]];
    case "datetime":
      return new Date(column.values[row]);
    case "boolean":
      return column.values[row] === 1;
    default:
      return column.values[row];
  }
}

function takeColumn(column: Column, rows: ArrayLike<number>): Column {
  if (column.kind === "categorical") {
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = column.codes[rows[i]];
    return { ...column, codes };
  }
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]];
  return { ...column, values };
}
