// Shape checks over the spans the page publishes in window.interleaveResult.

export const byMode = (result, mode) => result.modes.find((m) => m.mode === mode);

/** Two spans of `kind` on different lanes that overlap in time, or null. */
export function crossLaneOverlap(spans, kind = 'cpu') {
  const s = spans.filter((x) => x.kind === kind);
  for (let i = 0; i < s.length; i++) {
    for (let j = i + 1; j < s.length; j++) {
      const [a, b] = [s[i], s[j]];
      if (a.lane !== b.lane && a.start < b.end && b.start < a.end) return [a, b];
    }
  }
  return null;
}

/** The most spans of `kind` open at the same instant. */
export function maxAtOnce(spans, kind) {
  const edges = spans
    .filter((x) => x.kind === kind && x.end > x.start)
    .flatMap((x) => [[x.start, 1], [x.end, -1]])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let best = 0;
  for (const [, d] of edges) best = Math.max(best, (open += d));
  return best;
}

/** Overlapping pairs among spans of `kind` on one lane (there should be none for CPU). */
export function sameLaneOverlaps(spans, kind = 'cpu') {
  const s = spans.filter((x) => x.kind === kind).sort((a, b) => a.start - b.start);
  const bad = [];
  for (let i = 1; i < s.length; i++) if (s[i].start < s[i - 1].end) bad.push([s[i - 1], s[i]]);
  return bad;
}
