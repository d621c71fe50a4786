/** Levenshtein distance with an early exit once it exceeds `max` (names here are short). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate within a third of the input's length (at least 2 edits), or undefined.
 * Case and `-`/`_`/`.`/`:` mix-ups count as near misses, so `Discord.Send-Message` still finds its match.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/[-_.:]/g, '_');
  const folded = fold(input);
  const max = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = fold(c) === folded ? 0.5 : editDistance(input, c, max);
    if (d <= max && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `Did you mean "x"?` or an empty string, for hints. */
export function suggestion(input: string, candidates: readonly string[]): string | undefined {
  const s = didYouMean(input, candidates);
  return s === undefined ? undefined : `Did you mean "${s}"?`;
}
