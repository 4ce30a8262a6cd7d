/**
 * Append-only double-entry ledger in whole VND (DOMAIN.md §5). Debits are
 * positive, credits negative, and every journal nets to zero; balances are
 * sums of postings, never stored. Three kinds of account:
 *
 *   authorization_holds        money reserved by approved, uncaptured authorisations
 *   payer_clearing             what payers have committed (negative = owed by payers)
 *   payee_settlement:<code>    what is due to each agency or school
 *
 *   authorize A   holds +A            payer_clearing −A
 *   capture C     payee +C            holds −C
 *   release R     payer_clearing +R   holds −R        (void, expiry, refund closing a partial capture)
 *   refund F      payer_clearing +F   payee −F
 */
import { payError } from './_errors.js';

export type JournalKind = 'authorize' | 'capture' | 'release' | 'refund';

export const HOLDS = 'authorization_holds';
export const PAYER_CLEARING = 'payer_clearing';
export const payeeAccount = (payeeCode: string): string => `payee_settlement:${payeeCode}`;

export interface Posting {
  readonly account: string;
  /** Debit > 0, credit < 0. */
  readonly amount: number;
}

export interface Journal {
  readonly id: string;
  readonly paymentId: string;
  readonly kind: JournalKind;
  readonly feeCode: string;
  readonly payeeCode: string;
  /** Epoch ms. */
  readonly at: number;
  readonly postings: readonly Posting[];
}

/** Debit and credit account of each journal kind (table, not branches). */
const LEGS: Readonly<Record<JournalKind, (payee: string) => readonly [debit: string, credit: string]>> = {
  authorize: () => [HOLDS, PAYER_CLEARING],
  capture: (payee) => [payeeAccount(payee), HOLDS],
  release: () => [PAYER_CLEARING, HOLDS],
  refund: (payee) => [PAYER_CLEARING, payeeAccount(payee)],
};

export function buildJournal(
  id: string,
  kind: JournalKind,
  payment: { readonly id: string; readonly feeCode: string; readonly payeeCode: string },
  amount: number,
  at: number,
): Journal {
  const [debit, credit] = LEGS[kind](payment.payeeCode);
  const journal: Journal = {
    id,
    paymentId: payment.id,
    kind,
    feeCode: payment.feeCode,
    payeeCode: payment.payeeCode,
    at,
    postings: [
      { account: debit, amount },
      { account: credit, amount: -amount },
    ],
  };
  assertBalanced(journal);
  return journal;
}

/** Refuses a journal whose postings are not whole, positive-magnitude VND netting to zero. */
export function assertBalanced(journal: Journal): void {
  let sum = 0;
  for (const p of journal.postings) {
    if (!Number.isSafeInteger(p.amount) || p.amount === 0) {
      throw payError('DD_PAY_LEDGER_UNBALANCED', 'a posting is not a non-zero whole VND amount', {
        kind: journal.kind,
      });
    }
    sum += p.amount;
  }
  if (sum !== 0 || journal.postings.length < 2) {
    throw payError('DD_PAY_LEDGER_UNBALANCED', 'journal does not net to zero', { kind: journal.kind });
  }
}

/** Ledger health as the stores compute it from postings. */
export interface LedgerCheck {
  readonly journals: number;
  readonly postings: number;
  /** Sum of every posting: 0 when the ledger balances. */
  readonly total: number;
  /** Journals whose postings do not net to zero (must be 0). */
  readonly unbalancedJournals: number;
  readonly balances: Readonly<Record<string, number>>;
}
