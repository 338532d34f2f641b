import { bestMatch, nameSimilarity, normalizeName } from './fuzzy-match';

describe('fuzzy company name match', () => {
  it('normalizes case, punctuation, accents and legal suffixes', () => {
    expect(normalizeName('ACME, Inc.')).toBe('acme');
    expect(normalizeName('Café Müller GmbH')).toBe('cafe muller');
    expect(normalizeName('Smith & Sons Ltd')).toBe('smith and sons');
  });

  it('scores equal names 1, near names high and unrelated names low', () => {
    expect(nameSimilarity('Acme Corp', 'ACME Inc')).toBe(1);
    expect(nameSimilarity('Globex Industries', 'Globex Industry')).toBeGreaterThan(0.8);
    expect(nameSimilarity('Initech', 'Umbrella Health')).toBeLessThan(0.4);
  });

  it('picks the best candidate above the threshold, or none', () => {
    const candidates = [
      { id: '1', name: 'Acme Holdings' },
      { id: '2', name: 'ACME Corporation' },
      { id: '3', name: 'Wayne Enterprises' },
    ];
    expect(bestMatch('Acme', candidates, 0.6)?.candidate.id).toBe('2');
    expect(bestMatch('Stark Industries', candidates, 0.6)).toBeNull();
  });
});
