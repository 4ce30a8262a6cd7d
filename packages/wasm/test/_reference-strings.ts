/** Plain TypeScript definitions of the string similarities that the match kernel's bit-parallel code must equal exactly. */

// Textbook dynamic programmes the bit-parallel kernels must agree with.
export function refLev(a: string, b: string, osa: boolean): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (osa && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

// Jaro-Winkler written as the definition reads (Winkler 1990: window
// max(|a|, |b|) / 2 - 1, greedy first free match, half the out-of-order
// matches as transpositions, prefix ≤ 4 scaled by 0.1 from Jaro 0.7), with
// flag arrays: the reference the bit-parallel kernel must equal exactly.
export function refJw(a: string, b: string): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const range = Math.max(0, (Math.max(a.length, b.length) >> 1) - 1);
  const fa = new Array<boolean>(a.length).fill(false);
  const fb = new Array<boolean>(b.length).fill(false);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (!fb[j] && a[i] === b[j]) {
        fa[i] = fb[j] = true;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let t = 0;
  for (let i = 0, k = 0; i < a.length; i++) {
    if (!fa[i]) continue;
    while (!fb[k]) k++;
    if (a[i] !== b[k]) t++;
    k++;
  }
  const jaro = (m / a.length + m / b.length + (m - (t >> 1)) / m) / 3;
  if (jaro < 0.7) return jaro;
  let p = 0;
  while (p < 4 && p < Math.min(a.length, b.length) && a[p] === b[p]) p++;
  return jaro + p * 0.1 * (1 - jaro);
}
