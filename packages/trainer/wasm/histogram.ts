// AssemblyScript source of the gbdt histogram kernel (built by `pnpm build:wasm` into histogram.wasm, which is
// committed so that installing needs no compiler). Everything works on raw addresses in a memory the caller
// owns and shares with its worker threads: no allocator, no runtime.
//
// A histogram bin is two f64 lanes (gradient sum, packed hessian sum); each row's gradient pair is one v128,
// so one SIMD load-add-store replaces two scalar read-modify-writes per (row, feature).

/** Adds the rows `rows[start..end)` into `hist` over all `nf` features; bins are row-major global u16 indices. */
export function accumulateAll(
  hist: usize,
  bins: usize,
  nf: i32,
  gh: usize,
  rows: usize,
  start: i32,
  end: i32,
): void {
  const width = (<usize>nf) << 1;
  for (let i = start; i < end; i++) {
    const r = <usize>load<i32>(rows + ((<usize>i) << 2));
    const v = v128.load(gh + (r << 4));
    let at = bins + r * width;
    const stop = at + width;
    // Four features at a time: independent adds keep the load-store pipeline busy.
    for (; at + 8 <= stop; at += 8) {
      const p0 = hist + ((<usize>load<u16>(at)) << 4);
      v128.store(p0, f64x2.add(v128.load(p0), v));
      const p1 = hist + ((<usize>load<u16>(at, 2)) << 4);
      v128.store(p1, f64x2.add(v128.load(p1), v));
      const p2 = hist + ((<usize>load<u16>(at, 4)) << 4);
      v128.store(p2, f64x2.add(v128.load(p2), v));
      const p3 = hist + ((<usize>load<u16>(at, 6)) << 4);
      v128.store(p3, f64x2.add(v128.load(p3), v));
    }
    for (; at < stop; at += 2) {
      const p = hist + ((<usize>load<u16>(at)) << 4);
      v128.store(p, f64x2.add(v128.load(p), v));
    }
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
): void {
  const width = (<usize>nf) << 1;
  const stop = features + ((<usize>nUsed) << 2);
  for (let i = start; i < end; i++) {
    const r = <usize>load<i32>(rows + ((<usize>i) << 2));
    const v = v128.load(gh + (r << 4));
    const base = bins + r * width;
    for (let k = features; k < stop; k += 4) {
      const p = hist + ((<usize>load<u16>(base + ((<usize>load<i32>(k)) << 1))) << 4);
      v128.store(p, f64x2.add(v128.load(p), v));
    }
  }
}

// Rows' packed hessians carry a count of one in units of 2^26 (see src/models/gbdt/histogram.ts).
const COUNT_UNIT: f64 = 67108864.0;

/**
 * Moves the rows of `rows[start..end)` that go left (local bin ≤ `thr`, or missing with `missLeft`) to the
 * front, keeping order; the rest go through `scratch` behind them. Branch-free: every row is written to both
 * sides and the cursors advance by the comparison. Stores the left side's gradient and hessian sums at `out`
 * and returns the first right index.
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
  gh: usize,
  out: usize,
): i32 {
  let l = start;
  let r = 0;
  let g: f64 = 0;
  let h: f64 = 0;
  for (let i = start; i < end; i++) {
    const row = load<i32>(rows + ((<usize>i) << 2));
    const b = <i32>load<u8>(column + <usize>row);
    const left = select<i32>(missLeft, <i32>(b <= thr), b === missing);
    store<i32>(rows + ((<usize>l) << 2), row);
    store<i32>(scratch + ((<usize>r) << 2), row);
    l += left;
    r += 1 - left;
    const p = gh + ((<usize>row) << 4);
    const m = <f64>left;
    g += m * load<f64>(p);
    h += m * (load<f64>(p, 8) - COUNT_UNIT);
  }
  memory.copy(rows + ((<usize>l) << 2), scratch, (<usize>r) << 2);
  store<f64>(out, g);
  store<f64>(out, h, 8);
  return l;
}
