// Command-line parsing: small and strict, so a typo is a usage error (exit 2), not a surprise.

export class UsageError extends Error {}

export interface Parsed {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

/** `spec` maps each known flag to whether it takes a value. */
export function parseArgs(argv: string[], spec: Record<string, 'value' | 'bool'>): Parsed {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'bool') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    }
  }
  return { positionals, flags };
}

export function intFlag(flags: Parsed['flags'], name: string, dflt: number, min = 1): number {
  const v = flags[name];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

export function numberFlag(flags: Parsed['flags'], name: string, dflt: number): number {
  const v = flags[name];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a number > 0, got "${v}"`);
  return n;
}

/** Edit distance, for "did you mean": a typo is one or two edits away. */
/** Edits from a to b, a swap of two neighbouring letters one edit (vpcu is one from vcpu): the optimal string alignment distance. */
function distance(a: string, b: string): number {
  // Three rows of the table: the one two back is what a swap reaches from.
  let back2: number[] = [];
  let back = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(back[j]! + 1, row[j - 1]! + 1, back[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, back2[j - 2]! + 1);
      row.push(d);
    }
    back2 = back;
    back = row;
  }
  return back[b.length]!;
}

/** The known words closest to a mistyped one (compute.vpcu → compute.vcpu; vcpu → compute.vcpu). */
export function closest(word: string, known: readonly string[]): string[] {
  const w = word.toLowerCase();
  const scored = known.map((k) => {
    const low = k.toLowerCase();
    const tail = low.slice(low.indexOf('.') + 1);
    return { k, d: low.includes(w) || (w.length >= 3 && tail.startsWith(w)) ? 0 : Math.min(distance(w, low), distance(w, tail)) };
  });
  const best = Math.min(...scored.map((s) => s.d));
  return best <= Math.max(2, Math.floor(w.length / 4)) ? scored.filter((s) => s.d === best).map((s) => s.k).slice(0, 3) : [];
}

/** `unknown service "x"; did you mean …?` and the valid keys. */
export function unknownWord(what: string, word: string, known: readonly string[]): UsageError {
  const near = closest(word, known);
  return new UsageError(`unknown ${what} "${word}"${near.length ? `; did you mean ${near.join(' or ')}?` : ''} (valid: ${known.join(', ')})`);
}
