/**
 * Versioned schema migrations, one list per dialect. A version is applied
 * once, inside the migrating transaction, and recorded in schema_migrations;
 * never edit an applied migration — add the next version. A database whose
 * newest version is unknown here is refused (DD_PAY_SCHEMA_TOO_NEW).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Version 3 changes no table: from it on, payments.doc may hold an approval
 * token without its payload, rebuilt on load (_stored-doc.ts). The version
 * exists so that code which cannot rebuild it refuses the database
 * (DD_PAY_SCHEMA_TOO_NEW) instead of returning an unusable token.
 */
const STORED_TOKEN_WITHOUT_PAYLOAD: Migration = {
  version: 3,
  name: 'payments.doc may store an approval token without its payload (rebuilt from the document on load)',
  sql: 'SELECT 1',
};

/**
 * Version 4 (SQLite): payers' running totals kept per payer and local day by
 * triggers, instead of summed from an index of every counted payment. That
 * index (payer, month) grew by one entry per payment at a random position, so
 * as it grew each group commit rewrote about one of its leaves per
 * authorisation; the totals table has one row per payer and day, and a
 * payer's month is at most 31 of them. The triggers keep it exact inside every
 * transaction and savepoint: an insert that counts adds, a payment that stops
 * counting (void, expiry) subtracts.
 */
const SQLITE_PAYER_DAY_TOTALS: Migration = {
  version: 4,
  name: 'payer_day_totals kept by triggers; the payments (payer, month) index dropped',
  sql: `
CREATE TABLE payer_day_totals (
  payer_ref TEXT NOT NULL,
  local_day TEXT NOT NULL,
  total INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (payer_ref, local_day)
) STRICT, WITHOUT ROWID;
INSERT INTO payer_day_totals (payer_ref, local_day, total, count)
  SELECT payer_ref, local_day, SUM(amount), COUNT(*) FROM payments WHERE counted = 1 GROUP BY payer_ref, local_day;
CREATE TRIGGER payments_count_insert AFTER INSERT ON payments WHEN NEW.counted = 1 BEGIN
  INSERT INTO payer_day_totals (payer_ref, local_day, total, count) VALUES (NEW.payer_ref, NEW.local_day, NEW.amount, 1)
    ON CONFLICT (payer_ref, local_day) DO UPDATE SET total = total + excluded.total, count = count + 1;
END;
CREATE TRIGGER payments_count_stop AFTER UPDATE OF counted ON payments WHEN OLD.counted = 1 AND NEW.counted = 0 BEGIN
  UPDATE payer_day_totals SET total = total - OLD.amount, count = count - 1
    WHERE payer_ref = OLD.payer_ref AND local_day = OLD.local_day;
END;
CREATE TRIGGER payments_count_start AFTER UPDATE OF counted ON payments WHEN OLD.counted = 0 AND NEW.counted = 1 BEGIN
  INSERT INTO payer_day_totals (payer_ref, local_day, total, count) VALUES (NEW.payer_ref, NEW.local_day, NEW.amount, 1)
    ON CONFLICT (payer_ref, local_day) DO UPDATE SET total = total + excluded.total, count = count + 1;
END;
DROP INDEX payments_payer_month;
`,
};

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'payments, devices, append-only ledger, idempotency keys',
    sql: `
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  payer_ref TEXT NOT NULL,
  status TEXT NOT NULL,
  counted INTEGER NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  captured_amount INTEGER NOT NULL CHECK (captured_amount BETWEEN 0 AND amount),
  refunded_amount INTEGER NOT NULL CHECK (refunded_amount BETWEEN 0 AND captured_amount),
  fee_code TEXT NOT NULL,
  payee_code TEXT NOT NULL,
  local_day TEXT NOT NULL,
  local_month TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  doc TEXT NOT NULL
) STRICT;
CREATE INDEX payments_payer_month ON payments (payer_ref, local_month) WHERE counted = 1;
CREATE INDEX payments_open_expiry ON payments (expires_at) WHERE status IN ('authorized', 'partially_captured');
CREATE INDEX payments_day ON payments (local_day);
CREATE TABLE payer_devices (
  payer_ref TEXT NOT NULL,
  device_id TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  PRIMARY KEY (payer_ref, device_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE ledger_postings (
  id INTEGER PRIMARY KEY,
  journal_id TEXT NOT NULL,
  payment_id TEXT NOT NULL REFERENCES payments (id),
  kind TEXT NOT NULL,
  fee_code TEXT NOT NULL,
  payee_code TEXT NOT NULL,
  account TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount <> 0),
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX ledger_postings_at ON ledger_postings (at);
CREATE INDEX ledger_postings_payment ON ledger_postings (payment_id);
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
  BEGIN SELECT RAISE(ABORT, 'ledger_postings is append-only'); END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
  BEGIN SELECT RAISE(ABORT, 'ledger_postings is append-only'); END;
-- A rowid table: responses are ~1.5 KB, too large for a WITHOUT ROWID b-tree to pay off.
CREATE TABLE idempotency_keys (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL,
  key TEXT NOT NULL,
  operation TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  UNIQUE (client_id, key)
) STRICT;
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
`,
  },
  {
    version: 2,
    name: 'drop indexes no query needs: ledger_postings (payment_id) and payments (local_day)',
    // Nothing reads postings by payment and payments are never deleted; the daily reconciliation
    // reads a day as a range of the time-ordered primary key.
    sql: `DROP INDEX ledger_postings_payment;
DROP INDEX payments_day;`,
  },
  STORED_TOKEN_WITHOUT_PAYLOAD,
  SQLITE_PAYER_DAY_TOTALS,
];

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'payments, devices, append-only ledger, idempotency keys',
    sql: `
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  payer_ref TEXT NOT NULL,
  status TEXT NOT NULL,
  counted BOOLEAN NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  captured_amount BIGINT NOT NULL CHECK (captured_amount BETWEEN 0 AND amount),
  refunded_amount BIGINT NOT NULL CHECK (refunded_amount BETWEEN 0 AND captured_amount),
  fee_code TEXT NOT NULL,
  payee_code TEXT NOT NULL,
  local_day TEXT NOT NULL,
  local_month TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expires_at BIGINT,
  doc TEXT NOT NULL
);
CREATE INDEX payments_payer_month ON payments (payer_ref, local_month) WHERE counted;
CREATE INDEX payments_open_expiry ON payments (expires_at) WHERE status IN ('authorized', 'partially_captured');
CREATE INDEX payments_day ON payments (local_day);
CREATE TABLE payer_devices (
  payer_ref TEXT NOT NULL,
  device_id TEXT NOT NULL,
  first_seen_at BIGINT NOT NULL,
  PRIMARY KEY (payer_ref, device_id)
);
CREATE TABLE ledger_postings (
  id BIGSERIAL PRIMARY KEY,
  journal_id TEXT NOT NULL,
  payment_id TEXT NOT NULL REFERENCES payments (id),
  kind TEXT NOT NULL,
  fee_code TEXT NOT NULL,
  payee_code TEXT NOT NULL,
  account TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount <> 0),
  at BIGINT NOT NULL
);
CREATE INDEX ledger_postings_at ON ledger_postings (at);
CREATE INDEX ledger_postings_payment ON ledger_postings (payment_id);
CREATE FUNCTION ledger_postings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'ledger_postings is append-only'; END $$;
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_postings_append_only();
CREATE TABLE idempotency_keys (
  client_id TEXT NOT NULL,
  key TEXT NOT NULL,
  operation TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
`,
  },
  {
    version: 2,
    name: 'drop the ledger_postings (payment_id) index: nothing reads postings by payment, and payments are never deleted',
    sql: `DROP INDEX ledger_postings_payment;`,
  },
  STORED_TOKEN_WITHOUT_PAYLOAD,
];

/** Checks the database's versions against the known list; returns the migrations still to apply. */
export function pendingMigrations(
  known: readonly Migration[],
  applied: readonly number[],
): Migration[] | 'too_new' {
  const newest = known[known.length - 1]?.version ?? 0;
  if (applied.some((v) => v > newest)) return 'too_new';
  const done = new Set(applied);
  return known.filter((m) => !done.has(m.version));
}
