// AssemblyScript source of the gbdt histogram kernel (built by `pnpm build:wasm` into histogram.wasm, which is
// committed so that installing needs no compiler). Everything works on raw addresses in a memory the caller
// owns and shares with its worker threads: no allocator, no runtime.
//
// A histogram bin is two f64 lanes (gradient sum, packed hessian sum); each row's gradient pair is one v128,
// so one SIMD load-add-store replaces two scalar read-modify-writes per (row, feature).
//
// Rows of a deep node are scattered over the whole data set. Summing them straight from there stalls on a
// cache miss per row: the scatter-add loop is long, so the processor cannot look far enough ahead to overlap
// the misses (the profile showed ~150 ns a row on nodes of 16k–100k rows, against ~18 ns on the root).
// So such rows are first gathered, a chunk at a time, into a small buffer by a short loop that keeps many
// misses in flight, and summed from there. The sums are taken in the same order either way.

/**
 * Adds `count` consecutive rows (bins `stride` bytes apart, gradient pairs 16 bytes apart) over all `nf`
 * features. A row's bins are local bytes; the histogram here gives every feature 256 bins (4 KB), so a bin's
 * address needs no lookup (the caller maps it onto the compact layout).
 */
function addRows(hist: usize, bins: usize, stride: usize, nf: i32, gh: usize, count: i32): void {
  const stop4 = nf & ~3;
  for (let i = 0; i < count; i++) {
    const v = v128.load(gh + ((<usize>i) << 4));
    const row = bins + <usize>i * stride;
    let k = 0;
    // Four features at a time: independent adds keep the load-store pipeline busy.
    for (; k < stop4; k += 4) {
      const at = row + <usize>k;
      const h = hist + ((<usize>k) << 12);
      const p0 = h + ((<usize>load<u8>(at)) << 4);
      v128.store(p0, f64x2.add(v128.load(p0), v));
      const p1 = h + 4096 + ((<usize>load<u8>(at, 1)) << 4);
      v128.store(p1, f64x2.add(v128.load(p1), v));
      const p2 = h + 8192 + ((<usize>load<u8>(at, 2)) << 4);
      v128.store(p2, f64x2.add(v128.load(p2), v));
      const p3 = h + 12288 + ((<usize>load<u8>(at, 3)) << 4);
      v128.store(p3, f64x2.add(v128.load(p3), v));
    }
    for (; k < nf; k++) {
      const p = hist + ((<usize>k) << 12) + ((<usize>load<u8>(row + <usize>k)) << 4);
      v128.store(p, f64x2.add(v128.load(p), v));
    }
  }
}

/** As `addRows`, over the `nUsed` feature indices (i32) at `features` only. */
function addRowsSome(
  hist: usize,
  bins: usize,
  stride: usize,
  gh: usize,
  count: i32,
  features: usize,
  nUsed: i32,
): void {
  const stop = features + ((<usize>nUsed) << 2);
  for (let i = 0; i < count; i++) {
    const v = v128.load(gh + ((<usize>i) << 4));
    const row = bins + <usize>i * stride;
    for (let k = features; k < stop; k += 4) {
      const f = <usize>load<i32>(k);
      const p = hist + (f << 12) + ((<usize>load<u8>(row + f)) << 4);
      v128.store(p, f64x2.add(v128.load(p), v));
    }
  }
}

/** Whether `rows[start..end)` (ascending, as partitioning keeps them) is a run of consecutive row numbers. */
function consecutive(rows: usize, start: i32, end: i32): bool {
  const first = load<i32>(rows + ((<usize>start) << 2));
  return load<i32>(rows + ((<usize>(end - 1)) << 2)) - first === end - 1 - start;
}

/**
 * Copies up to `chunk` rows' bins (padded to `stride` bytes; reading up to 15 bytes past a row is fine, the
 * arena holds more after the bins) and gradient pairs from `rows[from..from+count)` into the buffer at `buf`:
 * `chunk × 16` bytes of gradients, then the bins.
 */
function gather(
  buf: usize,
  chunk: i32,
  bins: usize,
  width: usize,
  stride: usize,
  gh: usize,
  rows: usize,
  from: i32,
  count: i32,
): void {
  const binBuf = buf + ((<usize>chunk) << 4);
  for (let i = 0; i < count; i++) {
    const r = <usize>load<i32>(rows + ((<usize>(from + i)) << 2));
    v128.store(buf + ((<usize>i) << 4), v128.load(gh + (r << 4)));
    const src = bins + r * width;
    const dst = binBuf + <usize>i * stride;
    for (let k: usize = 0; k < stride; k += 16) v128.store(dst + k, v128.load(src + k));
  }
}

/**
 * Adds the rows `rows[start..end)` into `hist` (256 bins a feature, see addRows) over all `nf` features; bins
 * are row-major local bytes. `buf` is this thread's gather buffer of `chunk × (16 + stride)` bytes, `stride` =
 * nf rounded up to 16.
 */
export function accumulateAll(
  hist: usize,
  bins: usize,
  nf: i32,
  gh: usize,
  rows: usize,
  start: i32,
  end: i32,
  buf: usize,
  chunk: i32,
): void {
  if (end <= start) return;
  const width = <usize>nf;
  if (consecutive(rows, start, end)) {
    const first = <usize>load<i32>(rows + ((<usize>start) << 2));
    addRows(hist, bins + first * width, width, nf, gh + (first << 4), end - start);
    return;
  }
  const stride = (width + 15) & ~15;
  for (let c = start; c < end; c += chunk) {
    const count = min(chunk, end - c);
    gather(buf, chunk, bins, width, stride, gh, rows, c, count);
    addRows(hist, buf + ((<usize>chunk) << 4), stride, nf, buf, count);
  }
}

/** As `accumulateAll`, over the `nUsed` feature indices (i32) at `features` only. */
export function accumulateSome(
  hist: usize,
  bins: usize,
  nf: i32,
  gh: usize,
  rows: usize,
  start: i32,
  end: i32,
  features: usize,
  nUsed: i32,
  buf: usize,
  chunk: i32,
): void {
  if (end <= start) return;
  const width = <usize>nf;
  if (consecutive(rows, start, end)) {
    const first = <usize>load<i32>(rows + ((<usize>start) << 2));
    addRowsSome(hist, bins + first * width, width, gh + (first << 4), end - start, features, nUsed);
    return;
  }
  const stride = (width + 15) & ~15;
  for (let c = start; c < end; c += chunk) {
    const count = min(chunk, end - c);
    gather(buf, chunk, bins, width, stride, gh, rows, c, count);
    addRowsSome(hist, buf + ((<usize>chunk) << 4), stride, buf, count, features, nUsed);
  }
}

/**
 * Column-wise building: adds the rows `rows[start..end)` into `hist` one feature at a time, reading each
 * feature's own byte column. `table` holds, per feature, its column's address and its first bin in `hist` (i32
 * pairs); `features` lists the `nUsed` features to build. Scattered rows' gradient pairs are first gathered into
 * `buf` (`chunk × 16` bytes) so that every feature's pass reads them in order from the L1 cache, and each
 * feature's slice of the histogram is small enough to stay there too. Every bin still receives its rows in row
 * order, so the sums equal the row-wise kernels' to the last bit.
 */
export function accumulateColumns(
  hist: usize,
  table: usize,
  features: usize,
  nUsed: i32,
  gh: usize,
  rows: usize,
  start: i32,
  end: i32,
  buf: usize,
  chunk: i32,
): void {
  if (end <= start) return;
  if (consecutive(rows, start, end)) {
    const first = load<i32>(rows + ((<usize>start) << 2));
    const count = end - start;
    for (let c = 0; c < count; c += chunk) {
      const m = min(chunk, count - c);
      const from = <usize>(first + c);
      columnPasses(hist, table, features, nUsed, gh + (from << 4), 0, from, m);
    }
    return;
  }
  for (let c = start; c < end; c += chunk) {
    const m = min(chunk, end - c);
    const at = rows + ((<usize>c) << 2);
    for (let i = 0; i < m; i++) {
      const r = <usize>load<i32>(at + ((<usize>i) << 2));
      v128.store(buf + ((<usize>i) << 4), v128.load(gh + (r << 4)));
    }
    columnPasses(hist, table, features, nUsed, buf, at, 0, m);
  }
}

/**
 * One pass per feature over `m` rows whose gradient pairs lie in order at `ordered`: the rows are `rowsAt[0..m)`
 * when `rowsAt` is non-zero, else `first, first + 1, …`. Two features per pass share the row and gradient loads.
 */
function columnPasses(
  hist: usize,
  table: usize,
  features: usize,
  nUsed: i32,
  ordered: usize,
  rowsAt: usize,
  first: usize,
  m: i32,
): void {
  let k = 0;
  for (; k + 2 <= nUsed; k += 2) {
    const e0 = table + ((<usize>load<i32>(features + ((<usize>k) << 2))) << 3);
    const e1 = table + ((<usize>load<i32>(features + ((<usize>(k + 1)) << 2))) << 3);
    const col0 = <usize>load<i32>(e0);
    const h0 = hist + ((<usize>load<i32>(e0, 4)) << 4);
    const col1 = <usize>load<i32>(e1);
    const h1 = hist + ((<usize>load<i32>(e1, 4)) << 4);
    if (rowsAt) {
      for (let i = 0; i < m; i++) {
        const r = <usize>load<i32>(rowsAt + ((<usize>i) << 2));
        const v = v128.load(ordered + ((<usize>i) << 4));
        const p0 = h0 + ((<usize>load<u8>(col0 + r)) << 4);
        v128.store(p0, f64x2.add(v128.load(p0), v));
        const p1 = h1 + ((<usize>load<u8>(col1 + r)) << 4);
        v128.store(p1, f64x2.add(v128.load(p1), v));
      }
    } else {
      const c0 = col0 + first;
      const c1 = col1 + first;
      for (let i = 0; i < m; i++) {
        const v = v128.load(ordered + ((<usize>i) << 4));
        const p0 = h0 + ((<usize>load<u8>(c0 + <usize>i)) << 4);
        v128.store(p0, f64x2.add(v128.load(p0), v));
        const p1 = h1 + ((<usize>load<u8>(c1 + <usize>i)) << 4);
        v128.store(p1, f64x2.add(v128.load(p1), v));
      }
    }
  }
  for (; k < nUsed; k++) {
    const e = table + ((<usize>load<i32>(features + ((<usize>k) << 2))) << 3);
    const col = <usize>load<i32>(e);
    const h = hist + ((<usize>load<i32>(e, 4)) << 4);
    for (let i = 0; i < m; i++) {
      const r = rowsAt ? <usize>load<i32>(rowsAt + ((<usize>i) << 2)) : first + <usize>i;
      const p = h + ((<usize>load<u8>(col + r)) << 4);
      v128.store(p, f64x2.add(v128.load(p), v128.load(ordered + ((<usize>i) << 4))));
    }
  }
}

/**
 * Moves the rows of `rows[start..end)` that go left (local bin ≤ `thr`, or missing with `missLeft`) to the
 * front, keeping order; the rest go through `scratch` behind them. Branch-free: every row is written to both
 * sides and the cursors advance by the comparison. Returns the first right index. (The sides' gradient sums
 * come from the histogram, so no gradient is read here.)
 */
export function partition(
  rows: usize,
  start: i32,
  end: i32,
  column: usize,
  thr: i32,
  missing: i32,
  missLeft: i32,
  scratch: usize,
): i32 {
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = load<i32>(rows + ((<usize>i) << 2));
    const b = <i32>load<u8>(column + <usize>row);
    const left = select<i32>(missLeft, <i32>(b <= thr), b === missing);
    store<i32>(rows + ((<usize>l) << 2), row);
    store<i32>(scratch + ((<usize>r) << 2), row);
    l += left;
    r += 1 - left;
  }
  memory.copy(rows + ((<usize>l) << 2), scratch, (<usize>r) << 2);
  return l;
}

/** Moves `bytes` bytes from `src` to `dst` (the ranges may overlap): typed-array copies on shared memory are far slower. */
export function move(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}
