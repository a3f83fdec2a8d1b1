/**
 * Compares ranked lists from two engines. Scores may differ in the last bits (sums in another order, another
 * `pow`), so two candidates whose scores are equal on paper may swap places: ids are compared as sets within
 * runs of scores equal up to the tolerance, and exactly everywhere else. The run that ends a list may be cut
 * by the length limit at a different member on each side, so only its scores are compared.
 */
export const TOLERANCE = 1e-9;

export const close = (a: number, b: number) => Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

export interface ListShape<Row> {
  listKey(row: Row): string;
  memberId(row: Row): string;
  score(row: Row): number;
  /** Other numbers that must agree for a member present on both sides (counts, support, lift...). */
  numbers(row: Row): readonly number[];
}

function groupByList<Row>(rows: readonly Row[], shape: ListShape<Row>): Map<string, Row[]> {
  const lists = new Map<string, Row[]>();
  for (const row of rows) {
    const key = shape.listKey(row);
    lists.set(key, [...(lists.get(key) ?? []), row]);
  }
  return lists;
}

/** The differences found, as sentences; empty when the two agree. */
export function listDifferences<Row>(
  actual: readonly Row[],
  expected: readonly Row[],
  shape: ListShape<Row>,
): string[] {
  const got = groupByList(actual, shape);
  const want = groupByList(expected, shape);
  const problems: string[] = [];
  for (const key of new Set([...got.keys(), ...want.keys()])) {
    problems.push(...compareList(key, got.get(key) ?? [], want.get(key) ?? [], shape));
  }
  return problems;
}

function compareList<Row>(key: string, got: Row[], want: Row[], shape: ListShape<Row>): string[] {
  if (got.length !== want.length) return [`${key}: ${got.length} rows, expected ${want.length}`];
  const problems: string[] = [];
  let runStart = 0;
  for (let i = 0; i <= want.length; i++) {
    const endsRun = i === want.length || !close(shape.score(want[i]!), shape.score(want[runStart]!));
    if (!endsRun) continue;
    const run = [runStart, i] as const;
    problems.push(...compareRun(key, got.slice(...run), want.slice(...run), i === want.length, shape));
    runStart = i;
  }
  return problems;
}

function compareRun<Row>(key: string, got: Row[], want: Row[], last: boolean, shape: ListShape<Row>): string[] {
  const problems: string[] = [];
  got.forEach((row, i) => {
    if (!close(shape.score(row), shape.score(want[i]!))) {
      problems.push(`${key}: score ${shape.score(row)} at ${shape.memberId(row)}, expected ${shape.score(want[i]!)}`);
    }
  });
  const wanted = new Map(want.map((row) => [shape.memberId(row), row]));
  for (const row of got) {
    const other = wanted.get(shape.memberId(row));
    if (other === undefined) {
      if (!last) problems.push(`${key}: unexpected member ${shape.memberId(row)}`);
      continue;
    }
    const [a, b] = [shape.numbers(row), shape.numbers(other)];
    if (a.some((n, j) => !close(n, b[j]!))) problems.push(`${key}/${shape.memberId(row)}: ${a} expected ${b}`);
  }
  return problems;
}
