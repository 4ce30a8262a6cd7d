// Fixed scratch areas in static memory. The kernel never allocates: the
// loader owns everything from inputBase() upwards and grows memory itself.

/** Chaining state of the one scalar message in flight (up to 8 × 64-bit words). */
export const STATE: usize = memory.data(64, 16);
/** Final one or two padded blocks of a scalar message (§5.1). */
export const TAIL: usize = memory.data(256, 16);
/** Digest of the last scalar message, big-endian bytes. */
export const OUT: usize = memory.data(64, 16);
/** Four-lane message schedule: 80 × v128 (SHA-1; SHA-256 uses 64). The scalar kernels keep theirs in locals. */
export const SCHEDULE: usize = memory.data(80 * 16, 16);

/** Four-lane state: word j of lane l at LANE_STATE + 16·j + 4·l. */
export const LANE_STATE: usize = memory.data(8 * 16, 16);
/** Per lane: two padded tail blocks. */
export const LANE_TAIL: usize = memory.data(4 * 128, 16);
/** Per lane (i32 each): message index (−1 = idle), next block, full data blocks, all blocks, data start, length. */
export const LANE_MSG: usize = memory.data(16, 16);
export const LANE_BLOCK: usize = memory.data(16, 16);
export const LANE_FULL: usize = memory.data(16, 16);
export const LANE_TOTAL: usize = memory.data(16, 16);
export const LANE_DATA: usize = memory.data(16, 16);
export const LANE_LEN: usize = memory.data(16, 16);
/** Schedule of a padding-only block shared by all four lanes (64 × v128). */
export const PAD_SCHEDULE: usize = memory.data(64 * 16, 16);
