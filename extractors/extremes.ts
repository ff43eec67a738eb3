// The least and greatest of many values without spreading them into arguments: a table of
// 300,000 rows or a path of a million points would overflow the call stack with Math.max(...xs).

export function maxOf<T>(xs: Iterable<T>, f: (x: T) => number, empty = -Infinity): number {
  let m = empty;
  let first = true;
  for (const x of xs) {
    const v = f(x);
    if (first || v > m) m = v;
    first = false;
  }
  return m;
}

export function minOf<T>(xs: Iterable<T>, f: (x: T) => number, empty = Infinity): number {
  let m = empty;
  let first = true;
  for (const x of xs) {
    const v = f(x);
    if (first || v < m) m = v;
    first = false;
  }
  return m;
}

/** Append `more` to `to` in place, however many there are. */
export function append<T>(to: T[], more: readonly T[]): void {
  for (const x of more) to.push(x);
}
