/**
 * A bounded in-memory map kept by a store's single writer next to the
 * database it mirrors. Entries loaded or moved inside the open transaction
 * are logged; if the transaction or a savepoint rolls back they are dropped,
 * and the next look-up asks the database again. Dropping is always safe.
 */
export class TxCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #limit: number;
  /** Keys whose entries were set or moved in the open transaction, in order (undo log). */
  #touched: string[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  protected lookup(key: string): V | undefined {
    return this.#entries.get(key);
  }

  /** Records an entry read or written inside the open transaction. */
  protected keep(key: string, value: V): void {
    this.#entries.delete(key);
    // Bounded: the oldest entry goes first (Map keeps insertion order).
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
    this.#touched.push(key);
  }

  /** An entry was changed in place inside the open transaction. */
  protected moved(key: string): void {
    this.#touched.push(key);
  }

  protected forget(key: string): void {
    this.#entries.delete(key);
  }

  /** Position of the undo log, taken when an operation or savepoint starts. */
  mark(): number {
    return this.#touched.length;
  }

  /** The writes since `mark` were rolled back: drop every entry they set or moved. */
  rollback(mark: number): void {
    for (let i = mark; i < this.#touched.length; i++) this.#entries.delete(this.#touched[i]!);
    this.#touched.length = mark;
  }

  /** The transaction committed: its entries are now the durable state. */
  committed(): void {
    this.#touched = [];
  }
}
