/**
 * Least-recently-used map bounded by entry count and by a weight budget
 * (bytes); `onEvict` releases what an entry holds.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private weight = 0;

  constructor(
    private readonly maxEntries: number,
    private budget: number,
    private readonly onEvict: (v: V) => void,
  ) {}

  get(k: K): V | undefined {
    const e = this.map.get(k);
    if (!e) return undefined;
    this.map.delete(k);
    this.map.set(k, e);
    return e.value;
  }

  set(k: K, value: V, weight: number): void {
    this.delete(k);
    this.map.set(k, { value, weight });
    this.weight += weight;
    this.trim();
  }

  delete(k: K): void {
    const e = this.map.get(k);
    if (!e) return;
    this.map.delete(k);
    this.weight -= e.weight;
    this.onEvict(e.value);
  }

  setBudget(budget: number): void {
    this.budget = budget;
    this.trim();
  }

  get size(): number {
    return this.map.size;
  }

  /** Keeps at least the newest entry even when it alone exceeds the budget. */
  private trim(): void {
    while (this.map.size > 1 && (this.map.size > this.maxEntries || this.weight > this.budget)) {
      this.delete(this.map.keys().next().value as K);
    }
  }
}
