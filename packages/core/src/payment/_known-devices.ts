import { TxCache } from './_tx-cache.js';

/**
 * The device each payer last authorised from, kept in memory by the SQLite
 * store (the only writer of its file) so that an authorisation from a known
 * device — almost all of them — reads no payer_devices row. Only positive
 * facts are kept, and payer_devices is never deleted from, so an entry stays
 * true once its transaction commits. An entry loaded or written in the open
 * transaction is dropped if that transaction or savepoint rolls back; the
 * next lookup asks the database again.
 */
export class KnownDevices extends TxCache<string> {
  has(payerRef: string, deviceId: string): boolean {
    return this.lookup(payerRef) === deviceId;
  }

  /** The database (inside the open transaction) knows this payer's device. */
  set(payerRef: string, deviceId: string): void {
    this.keep(payerRef, deviceId);
  }
}
