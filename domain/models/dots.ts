/**
 * The one kernel the blocked Cholesky inverse spends its time in: many dot products between rows of
 * row-major N x N matrices, three rows of `x` against three rows of `y` at a time. Each step of the inner
 * loop loads 6 numbers for 9 multiply-adds where a plain dot product loads 2 for 1, and the 9 sums and 6
 * operands fit V8's 16 double registers (a 4 x 4 block spills). `npm run bench -- ease` compares the trainer
 * built on it with the one built on plain dot products, on the same input.
 */

/** A block of dot products: rows `x0 + r` of `x` against rows `y0 + s` of `y`, over columns [from, to). */
export interface DotBlock {
  readonly x: Float64Array;
  readonly x0: number;
  readonly y: Float64Array;
  readonly y0: number;
  /** Row length of `x` and `y`. */
  readonly n: number;
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  readonly cols: number;
}

/**
 * c[at + r * stride + s] += sign * (x[x0 + r][from..to) · y[y0 + s][from..to)) for r < rows, s < cols.
 * `c` may be one of the inputs as long as the block written is not read.
 */
export function addDots(c: Float64Array, at: number, stride: number, block: DotBlock, sign: 1 | -1): void {
  const { x, y, n, from, to, rows, cols } = block;
  const fullRows = rows - (rows % 3);
  const fullCols = cols - (cols % 3);
  for (let r = 0; r < fullRows; r += 3) {
    const x0 = (block.x0 + r) * n;
    for (let s = 0; s < fullCols; s += 3) {
      threeByThree(c, at + r * stride + s, stride, x, x0, n, y, (block.y0 + s) * n, from, to, sign);
    }
  }
  // The last one or two rows and columns, by plain dot products (a small share of a block's work).
  for (let r = 0; r < rows; r++) {
    const x0 = (block.x0 + r) * n;
    for (let s = r < fullRows ? fullCols : 0; s < cols; s++) {
      c[at + r * stride + s]! += sign * dot(x, x0, y, (block.y0 + s) * n, from, to);
    }
  }
}

// biome-ignore format: the 3 x 3 register block reads best as a grid
function threeByThree(
  c: Float64Array, out: number, stride: number, x: Float64Array, x0: number, n: number,
  y: Float64Array, y0: number, from: number, to: number, sign: number,
): void {
  const x1 = x0 + n, x2 = x1 + n, y1 = y0 + n, y2 = y1 + n;
  let c00 = 0, c01 = 0, c02 = 0, c10 = 0, c11 = 0, c12 = 0, c20 = 0, c21 = 0, c22 = 0;
  for (let k = from; k < to; k++) {
    const b0 = y[y0 + k]!, b1 = y[y1 + k]!, b2 = y[y2 + k]!;
    const a0 = x[x0 + k]!, a1 = x[x1 + k]!, a2 = x[x2 + k]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2;
  }
  c[out]! += sign * c00; c[out + 1]! += sign * c01; c[out + 2]! += sign * c02;
  c[out + stride]! += sign * c10; c[out + stride + 1]! += sign * c11; c[out + stride + 2]! += sign * c12;
  c[out + 2 * stride]! += sign * c20; c[out + 2 * stride + 1]! += sign * c21; c[out + 2 * stride + 2]! += sign * c22;
}

/** Sum of a[aRow + k] * b[bRow + k] for k in [from, to), in four lanes (about twice as fast in V8). */
export function dot(a: Float64Array, aRow: number, b: Float64Array, bRow: number, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = from;
  for (; k + 3 < to; k += 4) {
    s0 += a[aRow + k]! * b[bRow + k]!;
    s1 += a[aRow + k + 1]! * b[bRow + k + 1]!;
    s2 += a[aRow + k + 2]! * b[bRow + k + 2]!;
    s3 += a[aRow + k + 3]! * b[bRow + k + 3]!;
  }
  for (; k < to; k++) s0 += a[aRow + k]! * b[bRow + k]!;
  return s0 + s1 + s2 + s3;
}
