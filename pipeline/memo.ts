// One bounded memo for the stages: cell texts, lines and header parts repeat across the rows
// of a table and the documents of one template, so each is worked out once. The memory is
// bounded by forgetting everything when full: cheap, and a batch's repeats come close together.

/** How many distinct arguments a memo keeps before it starts afresh. */
export const MEMO_SIZE = 10_000;

/** `fn` of a string, remembered for up to `max` distinct arguments. The result is shared: do not mutate it. */
export function memo<T>(fn: (key: string) => T, max = MEMO_SIZE): (key: string) => T {
  const seen = new Map<string, T>();
  return (key: string): T => {
    if (seen.has(key)) return seen.get(key) as T;
    const value = fn(key);
    if (seen.size >= max) seen.clear();
    seen.set(key, value);
    return value;
  };
}
