// One bounded memo for the stages: cell texts, lines and header parts repeat across the rows
// of a table and the documents of one template, so each is worked out once. The memory is
// bounded by forgetting everything when full: cheap, and a batch's repeats come close together.

/** How many distinct arguments a memo keeps before it starts afresh. */
export const MEMO_SIZE = 2_000;

/** Longer arguments are worked out each time: one would pin megabytes, and is rarely seen twice. */
export const MEMO_KEY_CHARS = 4096;

/** `fn` of a string, remembered for up to `max` distinct arguments. The result is shared: do not mutate it. */
export function memo<T>(fn: (key: string) => T, max = MEMO_SIZE): (key: string) => T {
  const seen = new Map<string, T>();
  return (key: string): T => {
    if (key.length > MEMO_KEY_CHARS) return fn(key);
    // One look-up for a hit; `has` only tells a remembered undefined from a miss.
    let value = seen.get(key);
    if (value === undefined && !seen.has(key)) {
      value = fn(key);
      if (seen.size >= max) seen.clear();
      seen.set(key, value);
    }
    return value as T;
  };
}

/**
 * `fn` of an object, remembered while the object lives: what a stage derives from a table (its
 * cleaned cells) is worked out once however many stages ask. The object must not change after.
 */
export function memoOf<K extends object, T>(fn: (key: K) => T): (key: K) => T {
  const seen = new WeakMap<K, T>();
  return (key: K): T => {
    let value = seen.get(key);
    if (value === undefined) {
      value = fn(key);
      seen.set(key, value);
    }
    return value;
  };
}
