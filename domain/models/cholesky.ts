/**
 * Inverse of a symmetric positive definite matrix through its Cholesky factor, on row-major Float64Arrays:
 * A = L Lᵀ, Z = L⁻ᵀ, A⁻¹ = Z Zᵀ, about N³ / 2 multiply-adds in all. Each step is blocked by BLOCK columns so
 * that nearly all of the work is the `addDots` kernel (./dots.ts); the unblocked remainder costs ~N² BLOCK.
 * Only the lower triangle of A is read and written: its strict upper triangle survives untouched (EASE keeps
 * its co-occurrence counts there instead of in one more N x N matrix).
 */
import { addDots, dot } from "./dots";

/** Columns per block: a multiple of the kernel's 3 rows and columns, few enough that a block of rows stays in cache. */
const BLOCK = 33;

/** a[r][c] for r >= c: the lower triangle of a block is added from the scratch block, the upper left alone. */
function addLowerBlock(a: Float64Array, n: number, at: number, scratch: Float64Array, size: number): void {
  for (let r = 0; r < size; r++) for (let c = 0; c <= r; c++) a[(at + r) * n + at + c]! += scratch[r * size + c]!;
}

/** In place, left-looking by blocks of columns: the lower triangle of `a` becomes L. Throws if not SPD. */
export function choleskyInPlace(a: Float64Array, n: number): void {
  const scratch = new Float64Array(BLOCK * BLOCK);
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const j1 = Math.min(n, j0 + BLOCK);
    const width = j1 - j0;
    if (j0 > 0) {
      // Columns [j0, j1) minus their products with every finished column: L[i][:j0] · L[j][:j0].
      scratch.fill(0);
      const diagonal = { x: a, x0: j0, y: a, y0: j0, n, from: 0, to: j0, rows: width, cols: width };
      addDots(scratch, 0, width, diagonal, -1);
      addLowerBlock(a, n, j0, scratch, width);
      addDots(a, j1 * n + j0, n, { ...diagonal, x0: j1, rows: n - j1 }, -1);
    }
    factorPanel(a, n, j0, j1);
  }
}

/** The columns [j0, j1) of L, from a panel already updated with the columns left of j0. */
function factorPanel(a: Float64Array, n: number, j0: number, j1: number): void {
  for (let j = j0; j < j1; j++) {
    const rowJ = j * n;
    const pivot = a[rowJ + j]! - dot(a, rowJ, a, rowJ, j0, j);
    if (!(pivot > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} is ${pivot})`);
    const diagonal = Math.sqrt(pivot);
    a[rowJ + j] = diagonal;
    for (let i = j + 1; i < n; i++) a[i * n + j] = (a[i * n + j]! - dot(a, i * n, a, rowJ, j0, j)) / diagonal;
  }
}

/**
 * Z = L⁻ᵀ into `z` (upper triangular; `z` must be all zeros): row j of Z is column j of L⁻¹, so
 * Z[j][i] = (δ_ij - sum over j <= k < i of Z[j][k] L[i][k]) / L[i][i] — dot products of rows only.
 */
function inverseFactorTransposed(l: Float64Array, n: number, z: Float64Array): void {
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const j1 = Math.min(n, j0 + BLOCK);
    for (let i0 = j0; i0 < n; i0 += BLOCK) {
      const i1 = Math.min(n, i0 + BLOCK);
      const block = { x: z, x0: j0, y: l, y0: i0, n, from: j0, to: i0, rows: j1 - j0, cols: i1 - i0 };
      if (i0 > j0) addDots(z, j0 * n + i0, n, block, -1);
      for (let j = j0; j < j1; j++) {
        for (let i = Math.max(i0, j); i < i1; i++) {
          const sum = dot(l, i * n, z, j * n, Math.max(i0, j), i);
          z[j * n + i] = ((i === j ? 1 : 0) + z[j * n + i]! - sum) / l[i * n + i]!;
        }
      }
    }
  }
}

/** The lower triangle of Z Zᵀ into that of `a`: P[r][c] = sum over k >= r of Z[r][k] Z[c][k] for r >= c. */
function lowerProduct(z: Float64Array, n: number, a: Float64Array): void {
  const scratch = new Float64Array(BLOCK * BLOCK);
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const rows = Math.min(BLOCK, n - r0);
    for (let c0 = 0; c0 < r0; c0 += BLOCK) {
      for (let r = r0; r < r0 + rows; r++) a.fill(0, r * n + c0, r * n + c0 + BLOCK);
      addDots(a, r0 * n + c0, n, { x: z, x0: r0, y: z, y0: c0, n, from: r0, to: n, rows, cols: BLOCK }, 1);
    }
    scratch.fill(0);
    addDots(scratch, 0, rows, { x: z, x0: r0, y: z, y0: r0, n, from: r0, to: n, rows, cols: rows }, 1);
    for (let r = 0; r < rows; r++) for (let c = 0; c <= r; c++) a[(r0 + r) * n + r0 + c] = scratch[r * rows + c]!;
  }
}

/**
 * In place: the lower triangle (diagonal included) of the SPD matrix `a` becomes that of a⁻¹; the strict
 * upper triangle is not touched. `work` (n x n) is overwritten: the caller may reuse it afterwards.
 */
export function invertSpdLower(a: Float64Array, n: number, work: Float64Array): void {
  choleskyInPlace(a, n);
  work.fill(0, 0, n * n);
  inverseFactorTransposed(a, n, work);
  lowerProduct(work, n, a);
}

/** The inverse of the SPD matrix `a` (n x n, row-major; left untouched), full and symmetric. */
export function inverseSpd(a: Float64Array, n: number): Float64Array {
  const p = Float64Array.from(a);
  invertSpdLower(p, n, new Float64Array(n * n));
  for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) p[c * n + r] = p[r * n + c]!;
  return p;
}
