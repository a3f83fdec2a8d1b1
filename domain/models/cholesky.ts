/**
 * Inverse of a symmetric positive definite matrix through its Cholesky factor, on row-major Float64Arrays.
 * Every inner loop walks a row contiguously: at N = 2,000 the whole inverse is about N^3 / 2 multiply-adds.
 */

/** In place: the lower triangle of `a` (n x n, row-major) becomes L with a = L Lᵀ. Throws if not SPD. */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    for (let i = j; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= a[rowI + k]! * a[rowJ + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} is ${sum})`);
        a[rowJ + j] = Math.sqrt(sum);
      } else {
        a[rowI + j] = sum / a[rowJ + j]!;
      }
    }
  }
}

/** Y = L⁻¹ (lower triangular), row by row: Y[i] = (e_i - sum_{k<i} L[i][k] Y[k]) / L[i][i]. */
function invertLower(l: Float64Array, n: number): Float64Array {
  const y = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    y[rowI + i] = 1;
    for (let k = 0; k < i; k++) {
      const factor = l[rowI + k]!;
      if (factor === 0) continue;
      const rowK = k * n;
      for (let c = 0; c <= k; c++) y[rowI + c]! -= factor * y[rowK + c]!;
    }
    const pivot = l[rowI + i]!;
    for (let c = 0; c <= i; c++) y[rowI + c]! /= pivot;
  }
  return y;
}

/** The inverse of the SPD matrix `a` (n x n, row-major; left untouched), full and symmetric. */
export function inverseSpd(a: Float64Array, n: number): Float64Array {
  const l = Float64Array.from(a);
  choleskyInPlace(l, n);
  const y = invertLower(l, n);
  // P = Yᵀ Y: P[a][b] = sum over k >= max(a, b) of Y[k][a] Y[k][b]; the lower triangle, then mirrored.
  const p = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let r = 0; r <= k; r++) {
      const factor = y[rowK + r]!;
      if (factor === 0) continue;
      const rowR = r * n;
      for (let c = 0; c <= r; c++) p[rowR + c]! += factor * y[rowK + c]!;
    }
  }
  for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) p[c * n + r] = p[r * n + c]!;
  return p;
}
