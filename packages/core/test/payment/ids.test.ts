import { describe, expect, it } from 'vitest';
import { idAt, newId } from '../../src/payment/_ids.js';

describe('payment ids', () => {
  it('are the prefix, 9 base32 characters of time and 11 random ones', () => {
    const at = Date.parse('2026-03-10T03:00:00.000Z');
    const ids = Array.from({ length: 2000 }, (_, i) => newId('pay_', at + (i >> 4)));
    for (const [i, id] of ids.entries()) {
      expect(id).toMatch(/^pay_[0-9a-hjkmnp-tv-z]{20}$/);
      expect(id.startsWith(idAt('pay_', at + (i >> 4)))).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Ids of later milliseconds sort after earlier ones (Crockford's alphabet is in ASCII order).
    expect(newId('jnl_', at + 1) > newId('jnl_', at)).toBe(true);
    expect(newId('jnl_', at) > idAt('jnl_', at - 1)).toBe(true);
  });
});
