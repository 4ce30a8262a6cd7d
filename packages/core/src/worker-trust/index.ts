/**
 * @dinhdanh/core/worker-trust — a trust store for verification on worker
 * threads outside the bulk verifier (e.g. a service's own pool): the frame it
 * travels in once per worker (the DER of its anchors and CRLs) and the
 * per-worker store that remembers the answers depending only on certificates
 * (DSC issuer, DSC revocation), the same store bulk verification uses.
 */

import { CachingTrustStore } from '../bulk/_caching-trust.js';
import { packTrust, unpackTrust } from '../bulk/_frame.js';
import type { TrustStore } from '../chip/index.js';

export { CachingTrustStore };

/** The trust store as bytes to hand to a worker (structured-cloned or transferred). */
export const trustFrame = (trust: TrustStore): Uint8Array => packTrust(trust);

/** Rebuilds, inside a worker, the store a trustFrame() was taken from, with per-worker caching. */
export const cachingTrustFrom = (frame: Uint8Array): CachingTrustStore =>
  unpackTrust(frame, new CachingTrustStore());
