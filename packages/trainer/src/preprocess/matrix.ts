/** Model input: `nCols` feature columns of `nRows` values each, NaN for missing. */
export interface Matrix {
  nRows: number;
  nCols: number;
  columns: Float64Array[];
  names: string[];
}

/** The rows `rows` of a matrix, as a new matrix. */
export function takeRows(matrix: Matrix, rows: ArrayLike<number>): Matrix {
  const columns = matrix.columns.map((col) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
    return out;
  });
  return { nRows: rows.length, nCols: matrix.nCols, columns, names: matrix.names };
}

/** A matrix from row arrays (`rows[i][j]` is feature j of row i). */
export function matrixFromRows(rows: ArrayLike<number>[], names?: string[]): Matrix {
  const nCols = rows.length ? rows[0].length : (names?.length ?? 0);
  const columns = Array.from({ length: nCols }, (_, j) => Float64Array.from(rows, (r) => r[j]));
  return { nRows: rows.length, nCols, columns, names: names ?? columns.map((_, j) => `x${j}`) };
}
