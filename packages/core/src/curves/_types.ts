/**
 * Domain parameters of a short-Weierstrass curve y² = x³ + ax + b over the
 * prime field F_p with base point G = (gx, gy) of prime order n and cofactor
 * h (SEC 1 v2 §3.1.1). Parameters are data; the arithmetic lives elsewhere.
 */
export interface CurveParams {
  /** 'P-256', 'brainpoolP512r1', … or 'explicit' for an unnamed curve. */
  readonly name: string;
  /** Named-curve OID, absent for an unnamed explicit curve. */
  readonly oid?: string;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
  readonly n: bigint;
  readonly h: bigint;
}
