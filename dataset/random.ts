// A small deterministic PRNG (xorshift32): the price bootstrap gives the same intervals every run,
// and a fuzz case can be made again from its seed.
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}
