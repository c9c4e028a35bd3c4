/** Row-wise softmax of row-major `n × k` scores, computed stably (max subtracted). */
export function softmaxRows(z: Float64Array, k: number): Float64Array {
  const out = new Float64Array(z.length);
  for (let base = 0; base < z.length; base += k) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) max = Math.max(max, z[base + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      out[base + c] = Math.exp(z[base + c] - max);
      sum += out[base + c];
    }
    for (let c = 0; c < k; c++) out[base + c] /= sum;
  }
  return out;
}
