/** Returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance?: number;
  /** Corrections kept. */
  memory?: number;
}

/** Minimises a smooth function by limited-memory BFGS with a backtracking (Armijo) line search. */
export function lbfgs(
  f: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): { x: Float64Array; value: number; iterations: number } {
  const maxIter = options.maxIterations ?? 1000;
  const tol = options.gradientTolerance ?? 1e-6;
  const m = options.memory ?? 10;
  const n = x0.length;
  const x = x0.slice();
  const g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    if (gmax < tol) break;
    // Two-loop recursion: d = -H g.
    d.set(g);
    for (let k = s.length - 1; k >= 0; k--) {
      let a = 0;
      for (let i = 0; i < n; i++) a += s[k][i] * d[i];
      a *= rho[k];
      alpha[k] = a;
      for (let i = 0; i < n; i++) d[i] -= a * y[k][i];
    }
    if (s.length > 0) {
      const last = s.length - 1;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[last][i] * y[last][i];
        yy += y[last][i] * y[last][i];
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    } else {
      let norm = 0;
      for (let i = 0; i < n; i++) norm += g[i] * g[i];
      const scale = 1 / Math.max(1, Math.sqrt(norm));
      for (let i = 0; i < n; i++) d[i] *= scale;
    }
    for (let k = 0; k < s.length; k++) {
      let b = 0;
      for (let i = 0; i < n; i++) b += y[k][i] * d[i];
      b *= rho[k];
      for (let i = 0; i < n; i++) d[i] += s[k][i] * (alpha[k] - b);
    }
    for (let i = 0; i < n; i++) d[i] = -d[i];
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i] * d[i];
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = -g.reduce((acc, v) => acc + v * v, 0);
    }
    let step = 1;
    let fNew = 0;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) break;
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i] - x[i];
      yk[i] = gNew[i] - g[i];
      sy += sk[i] * yk[i];
    }
    const improvement = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (sy > 1e-12) {
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
      if (s.length > m) {
        s.shift();
        y.shift();
        rho.shift();
      }
    }
    if (improvement < 1e-12 * Math.max(1, Math.abs(fx))) break;
  }
  return { x, value: fx, iterations: iter };
}
