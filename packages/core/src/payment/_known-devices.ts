/**
 * The device each payer last authorised from, kept in memory by the SQLite
 * store (the only writer of its file) so that an authorisation from a known
 * device — almost all of them — reads no payer_devices row. Only positive
 * facts are kept, and payer_devices is never deleted from, so an entry stays
 * true once its transaction commits. An entry loaded or written in the open
 * transaction is dropped if that transaction or savepoint rolls back; the
 * next lookup asks the database again.
 */
export class KnownDevices {
  readonly #last = new Map<string, string>();
  readonly #limit: number;
  /** Payers whose entries were set in the open transaction, in order (undo log). */
  #touched: string[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  has(payerRef: string, deviceId: string): boolean {
    return this.#last.get(payerRef) === deviceId;
  }

  /** The database (inside the open transaction) knows this payer's device. */
  set(payerRef: string, deviceId: string): void {
    this.#last.delete(payerRef);
    // Bounded: the oldest entry goes first (Map keeps insertion order).
    if (this.#last.size >= this.#limit) this.#last.delete(this.#last.keys().next().value!);
    this.#last.set(payerRef, deviceId);
    this.#touched.push(payerRef);
  }

  /** Position of the undo log, taken when an operation starts. */
  mark(): number {
    return this.#touched.length;
  }

  /** The writes since `mark` were rolled back: forget every entry set since. */
  rollback(mark: number): void {
    for (let i = mark; i < this.#touched.length; i++) this.#last.delete(this.#touched[i]!);
    this.#touched.length = mark;
  }

  /** The transaction committed: its entries are durable facts. */
  committed(): void {
    this.#touched = [];
  }
}
