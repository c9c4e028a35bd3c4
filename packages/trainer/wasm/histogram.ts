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
