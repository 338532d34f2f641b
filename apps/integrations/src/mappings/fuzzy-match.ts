const SUFFIXES = new Set([
  'inc',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'sa',
  'bv',
  'plc',
  'the',
]);

/** Lower case, accents and punctuation gone, legal suffixes dropped: "ACME, Inc." → "acme". */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t && !SUFFIXES.has(t))
    .join(' ');
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** 0..1: the better of edit-distance similarity and token overlap of the normalized names. */
export function nameSimilarity(a: string, b: string): number {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const edit = 1 - levenshtein(x, y) / Math.max(x.length, y.length);
  const tx = new Set(x.split(' '));
  const ty = new Set(y.split(' '));
  const common = [...tx].filter((t) => ty.has(t)).length;
  const jaccard = common / new Set([...tx, ...ty]).size;
  return Math.round(Math.max(edit, jaccard) * 1000) / 1000;
}

/** The candidate closest to `name`, when it scores at least `threshold`. */
export function bestMatch<T extends { name: string }>(
  name: string,
  candidates: T[],
  threshold: number,
): { candidate: T; score: number } | null {
  let best: { candidate: T; score: number } | null = null;
  for (const candidate of candidates) {
    const score = nameSimilarity(name, candidate.name);
    if (score >= threshold && (!best || score > best.score)) best = { candidate, score };
  }
  return best;
}
