import { describe, expect, it } from 'vitest';
import { ComplexityInputError } from './complexity.errors.ts';
import { closeTo, computeOne, pearson, rowsOf, textbookEciPci } from './complexity.test-helpers.ts';

// Four locations × four products with round numbers, so RCA can be checked by hand:
// column totals 8, 6, 4, 2 of 20 → world shares 0.4, 0.3, 0.2, 0.1.
const X = [
  [4, 2, 1, 1],
  [2, 2, 0, 0],
  [1, 1, 2, 0],
  [1, 1, 1, 1],
];
const RCA = [
  [1.25, 5 / 6, 0.625, 1.25],
  [1.25, 5 / 3, 0, 0],
  [0.625, 5 / 6, 2.5, 0],
  [0.625, 5 / 6, 1.25, 2.5],
];
// RCA ≥ 1:
const M1 = [
  [1, 0, 0, 1],
  [1, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 1, 1],
];

/**
 * Continuous mode on a 4 × 4 table: φ[p,q] = (1 + ρ(columns p, q of `measure`)) / 2 with 1 on the diagonal, and
 * density d[c,p] = Σq φ[p,q] measure[c,q] / Σq φ[p,q].
 */
function expectContinuous(r: ReturnType<typeof computeOne>, measure: number[][]): void {
  const column = (p: number) => measure.map((row) => row[p]);
  for (let p = 0; p < 4; p++) {
    for (let q = 0; q < 4; q++) {
      const expected = p === q ? 1 : (1 + pearson(column(p), column(q))) / 2;
      expect(r.proximity[p * 4 + q]).toBeCloseTo(expected, 14);
    }
  }
  const phi = rowsOf(r.proximity, 4);
  for (let c = 0; c < 4; c++) {
    for (let p = 0; p < 4; p++) {
      const num = phi[p].reduce((a, v, q) => a + v * measure[c][q], 0);
      const den = phi[p].reduce((a, v) => a + v, 0);
      expect(r.density[c * 4 + p]).toBeCloseTo(num / den, 14);
    }
  }
}

describe('RCA, presence and ECI with the default options', () => {
  const r = computeOne(X);

  it('computes Balassa RCA and M = RCA ≥ 1', () => {
    closeTo(r.rca, RCA.flat(), 1e-15);
    expect(rowsOf(r.mcp, 4)).toEqual(M1);
    expect(Array.from(r.diversity)).toEqual([2, 2, 1, 2]);
    expect(Array.from(r.ubiquity)).toEqual([2, 1, 2, 2]);
  });

  it('gives the ECI and PCI of the textbook eigenvector', () => {
    const expected = textbookEciPci(M1);
    closeTo(r.eci, expected.eci);
    closeTo(r.pci, expected.pci);
  });

  it('has proximity Σc M·M / max(k_p, k_p′) with diagonal 1, and density over it', () => {
    // co-occurrences: P0–P1 (L1), P0–P3 (L0), P2–P3 (L3); every max(k) is 2 (k_P1 = 1).
    expect(rowsOf(r.proximity, 4)).toEqual([
      [1, 0.5, 0, 0.5],
      [0.5, 1, 0, 0],
      [0, 0, 1, 0.5],
      [0.5, 0, 0.5, 1],
    ]);
    // L2 has only P2: density of P3 = φ(P3,P2) / Σ φ(P3,·) = 0.5 / 2.
    expect(r.density[2 * 4 + 3]).toBeCloseTo(0.25, 15);
    // L0 has P0 and P3: density of P1 = (0.5 + 0) / 1.5.
    expect(r.density[0 * 4 + 1]).toBeCloseTo(1 / 3, 15);
  });
});

describe('options', () => {
  it('asymmetric: φ[p,p′] = Σc M·M / k_p, and density normalised by the row of p', () => {
    const r = computeOne(X, { asymmetric: true });
    expect(rowsOf(r.proximity, 4)).toEqual([
      [1, 0.5, 0, 0.5],
      [1, 1, 0, 0], // k_P1 = 1: P1 is always with P0
      [0, 0, 1, 0.5],
      [0.5, 0, 0.5, 1],
    ]);
    // L0 (P0, P3), density of P1 = (φ[1,0] + φ[1,3]) / (φ[1,0] + φ[1,1]) = 1 / 2.
    expect(r.density[0 * 4 + 1]).toBeCloseTo(0.5, 15);
    // ECI does not depend on proximity.
    closeTo(r.eci, textbookEciPci(M1).eci);
  });

  it('continuous: φ = (1 + ρ(RCA columns)) / 2 and density weighted by RCA', () => {
    const r = computeOne(X, { continuous: true });
    expectContinuous(r, RCA);
    closeTo(r.eci, textbookEciPci(M1).eci);
  });

  it('threshold 0.6 admits the RCA-0.625 cells', () => {
    const r = computeOne(X, { threshold: 0.6 });
    const m = [
      [1, 1, 1, 1],
      [1, 1, 0, 0],
      [1, 1, 1, 0],
      [1, 1, 1, 1],
    ];
    expect(rowsOf(r.mcp, 4)).toEqual(m);
    const expected = textbookEciPci(m);
    closeTo(r.eci, expected.eci);
    closeTo(r.pci, expected.pci);
  });

  it('the threshold is inclusive: RCA exactly 1.25 counts at threshold 1.25', () => {
    const r = computeOne(X, { threshold: 1.25 });
    expect(rowsOf(r.mcp, 4)).toEqual(M1);
  });

  it('a location whose RCA never reaches the threshold gets no ECI, with a warning and no NaN', () => {
    // L4 exports exactly the world mix (RCA 1 everywhere), so it has nothing at threshold 1.2.
    const r = computeOne([...X, [8, 6, 4, 2]], { threshold: 1.2 });
    expect(r.warnings).toEqual([
      '1 个地区（L4）没有具备优势的产品，不计算 ECI（密度、COI 和 COG 照常计算） / 1 location (L4) with no product present: no ECI (density, COI and COG are still given)',
    ]);
    expect(Array.from(r.complexLocations)).toEqual([0, 1, 2, 3]);
    closeTo(r.eci, textbookEciPci(M1).eci);
    expect([r.coi.length, r.density.length, r.cog.length]).toEqual([5, 5 * 4, 5 * 4]);
    for (const xs of [r.eci, r.pci, r.coi, r.density, r.cog, r.proximity]) expect(xs.every(Number.isFinite)).toBe(true);
  });

  it('a location with nothing present gets density, COI and COG over every location, as py-ecomplexity counts it', () => {
    // L4 exports exactly the world mix (RCA 1 everywhere, and the others' RCA unchanged): nothing present at 1.2.
    const withBare = [...X, [8, 6, 4, 2]];
    const m = [...M1, [0, 0, 0, 0]];
    const r = computeOne(withBare, { threshold: 1.2 });
    expect(rowsOf(r.mcp, 4)).toEqual(m);
    const phi = rowsOf(r.proximity, 4);
    const rowSum = phi.map((row) => row.reduce((a, v) => a + v, 0));
    // d[c,p] = Σq M[c,q]·φ[p,q] / Σq φ[p,q]: 0 for every product of L4, whose M row is 0.
    const dens = m.map((row) => phi.map((phiP, p) => phiP.reduce((a, v, q) => a + v * row[q], 0) / rowSum[p]));
    expect(dens[4]).toEqual([0, 0, 0, 0]);
    expect(Array.from(r.density.subarray(4 * 4))).toEqual([0, 0, 0, 0]);
    closeTo(r.density, dens.flat(), 1e-14);
    // COI is z-scored over all five locations; L4's raw COI is 0.
    const { pciRaw, sigma } = textbookEciPci(M1);
    const raw = m.map((row, c) => row.reduce((a, present, p) => a + (1 - present) * dens[c][p] * pciRaw[p], 0));
    const mean = raw.reduce((a, v) => a + v, 0) / 5;
    const sd = Math.sqrt(raw.reduce((a, v) => a + (v - mean) ** 2, 0) / 5);
    closeTo(r.coi, raw.map((v) => (v - mean) / sd), 1e-10);
    expect(r.coi[4]).toBeCloseTo(-mean / sd, 10);
    // COG[c,p] = (1 − M[c,p]) Σq (1 − M[c,q]) φ[q,p] PCI_q / Σ φ[q,·] / σ: well defined for L4 too (py-ecomplexity
    // prints NaN there only because its σ is NaN for the whole period once a location has nothing present).
    const cog = m.map((row) =>
      row.map((mp, p) => ((1 - mp) * row.reduce((a, mq, q) => a + ((1 - mq) * phi[q][p] * pciRaw[q]) / rowSum[q], 0)) / sigma),
    );
    closeTo(r.cog, cog.flat(), 1e-10);
    expect(cog[4].some((v) => Math.abs(v) > 0.1)).toBe(true);

    // Continuous proximity correlates RCA across all five locations, L4's (1, 1, 1, 1) included, and
    // density weighs by RCA, so L4's density is Σq 1·φ[p,q] / Σq φ[p,q] = 1 for every product.
    const rc = computeOne(withBare, { threshold: 1.2, continuous: true });
    const column = (p: number) => [...RCA, [1, 1, 1, 1]].map((row) => row[p]);
    for (let p = 0; p < 4; p++) {
      for (let q = 0; q < 4; q++) {
        const expected = p === q ? 1 : (1 + pearson(column(p), column(q))) / 2;
        expect(rc.proximity[p * 4 + q]).toBeCloseTo(expected, 14);
      }
    }
    closeTo(rc.density.subarray(4 * 4), [1, 1, 1, 1], 1e-14);
    expect(rc.coi).toHaveLength(5);
    for (const xs of [rc.coi, rc.cog]) expect(xs.every(Number.isFinite)).toBe(true);
  });

  it('a symmetric network, where ECI is uncorrelated with diversity, still gets a fixed, finite sign', () => {
    // Mirror image under L0↔L3, L1↔L2, P0↔P2: py-ecomplexity's sign rule gives 0 here (all NaN).
    const m = [
      [1, 1, 0, 1],
      [1, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 1, 1, 1],
    ];
    const r = computeOne(X, {}, { presence: m });
    expect(r.eci.every(Number.isFinite)).toBe(true);
    expect(r.eci[0]).toBeGreaterThan(0);
    const mean = r.eci.reduce((a, v) => a + v, 0) / 4;
    expect(mean).toBeCloseTo(0, 12);
    expect(Math.sqrt(r.eci.reduce((a, v) => a + v * v, 0) / 4)).toBeCloseTo(1, 12);
  });

  it('presence given directly replaces the RCA test (RCA is still reported)', () => {
    const m = [
      [1, 1, 1, 0],
      [1, 1, 0, 0],
      [1, 0, 0, 0],
      [1, 1, 1, 1],
    ];
    const r = computeOne(X, {}, { presence: m });
    expect(rowsOf(r.mcp, 4)).toEqual(m);
    expect(Array.from(r.diversity)).toEqual([3, 2, 1, 4]);
    expect(Array.from(r.ubiquity)).toEqual([4, 3, 2, 1]);
    closeTo(r.rca, RCA.flat(), 1e-15);
    const expected = textbookEciPci(m);
    closeTo(r.eci, expected.eci);
    closeTo(r.pci, expected.pci);
  });

  it('presence given as the value column itself (py-ecomplexity manual mode) reports M as RCA, as the reference does', () => {
    const m = [
      [1, 1, 1, 0],
      [1, 1, 0, 0],
      [1, 0, 0, 0],
      [1, 1, 1, 1],
    ];
    const r = computeOne(m, {}, { presence: m });
    expect(Array.from(r.rca)).toEqual(m.flat());
    closeTo(r.eci, textbookEciPci(m).eci);
  });

  it('continuous with presence given: φ correlates the M columns and density is weighted by M', () => {
    // py-ecomplexity's "manual" mode has only M: its continuous proximity is (1 + ρ(M_p, M_p′)) / 2,
    // not the correlation of the RCA computed from the values.
    const m = [
      [1, 0, 1, 0],
      [1, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 1],
    ];
    const r = computeOne(X, { continuous: true }, { presence: m });
    // P0 = (1,1,0,0) and P1 = (0,1,1,0) are uncorrelated; P0 and P2 = (1,0,1,1) have ρ = −1/√3.
    expect(r.proximity[0 * 4 + 1]).toBeCloseTo(0.5, 15);
    expect(r.proximity[0 * 4 + 2]).toBeCloseTo((1 - 1 / Math.sqrt(3)) / 2, 15);
    expectContinuous(r, m);
    closeTo(r.rca, RCA.flat(), 1e-15);
  });

  it('RPOP: (X / pop_c) / (Σc X / Σc pop_c), and presence by RPOP ≥ threshold', () => {
    // populations 10, 5, 20, 5 (40 in all): per-capita world values 0.2, 0.15, 0.1, 0.05.
    const r = computeOne(X, {}, { population: [10, 5, 20, 5] });
    closeTo(
      r.rpop!,
      [
        [2, 4 / 3, 1, 2],
        [2, 8 / 3, 0, 0],
        [0.25, 1 / 3, 1, 0],
        [1, 4 / 3, 2, 4],
      ].flat(),
      1e-14,
    );
    const m = [
      [1, 1, 1, 1],
      [1, 1, 0, 0],
      [0, 0, 1, 0],
      [1, 1, 1, 1],
    ];
    expect(rowsOf(r.mcp, 4)).toEqual(m);
    closeTo(r.rca, RCA.flat(), 1e-15);
    closeTo(r.eci, textbookEciPci(m).eci);
  });

  it('refuses engine input that would become NaN, naming the cell', () => {
    expect(() => computeOne([[1, NaN], [2, 3]])).toThrow(
      'Values must be finite and ≥ 0; got NaN for location "L0", product "P1"',
    );
    expect(() => computeOne([[1, 2], [-2, 3]])).toThrow(ComplexityInputError);
    const presence = [
      [1, 2],
      [0, 1],
    ];
    expect(() => computeOne([[1, 2], [2, 3]], {}, { presence })).toThrow(/Presence must be 0 or 1; got 2/);
    expect(() => computeOne(X, { threshold: Number.NaN })).toThrow(/threshold must be a number/);
  });
});
