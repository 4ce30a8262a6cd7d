import { NAMED_CURVES } from '@dinhdanh/core/curves';
import { describe, expect, it } from 'vitest';
import { minus3Image } from '../../src/sig/_isomorphism.js';

describe('a = −3 images of curves', () => {
  it('maps every brainpool curve, and the image of G lies on y² = x³ − 3x + b·u⁶', () => {
    for (const c of NAMED_CURVES) {
      const m = minus3Image(c);
      if (!c.name.startsWith('brainpool')) {
        expect(m, c.name).toBeUndefined();
        continue;
      }
      expect(m, c.name).toBeDefined();
      const { p } = c;
      const u6 = (m!.u3 * m!.u3) % p;
      const b = (c.b * u6) % p;
      const { gx: x, gy: y } = m!.curve;
      expect((((y * y - (x * x * x - 3n * x + b)) % p) + p) % p, c.name).toBe(0n);
      // u⁴·a = −3
      expect((((m!.u2 * m!.u2 * c.a) % p) + p) % p, c.name).toBe(p - 3n);
      expect(m!.curve.xScale).toBe(m!.u2);
    }
  });
});
