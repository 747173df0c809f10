/** The region rule's one regex (core/check.ts) says what its two tests said: ISO 3166, not a reserved grouping. */
import { describe, expect, it } from 'vitest';
import { isRegionCode, isReservedRegion } from '../../src/core/check';

describe('isRegionCode', () => {
  it('is ISO 3166 without the reserved groupings (its lookahead is isReservedRegion)', () => {
    const codes = ['US', 'US-CA', 'DE', 'GB-ENG', 'BR-SP1', 'EU', 'UK', 'EZ', 'UN', 'EU-DE', 'UKX', 'ES', 'EE', 'U'];
    const more = ['', 'us', 'US-', 'US-CALI', 'USA', 'US-ca', 'US\n', ' US', 'X1', 'ZZ-999'];
    for (const code of [...codes, ...more])
      expect(isRegionCode(code), code).toBe(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code) && !isReservedRegion(code));
    expect(['US', 'US-CA', 'ES'].every(isRegionCode)).toBe(true);
    expect(['EU', 'UK', 'EZ', 'UN', 'EU-DE'].some(isRegionCode)).toBe(false);
  });
});
