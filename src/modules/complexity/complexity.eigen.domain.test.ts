import { describe, expect, it } from 'vitest';
import { dot, mulberry32, secondEigenpair, type SymmetricOperator } from './complexity.eigen.domain.ts';

/** S = Q·diag(λ)·Qᵀ with Q a Householder reflection, so eigenvectors are Q's columns. */
function knownSpectrum(eigenvalues: number[], seed = 1) {
  const n = eigenvalues.length;
  const random = mulberry32(seed);
  const v = Float64Array.from({ length: n }, () => random() - 0.5);
  const vv = dot(v, v);
  const column = (k: number) => Float64Array.from({ length: n }, (_, i) => (i === k ? 1 : 0) - (2 * v[i] * v[k]) / vv);
  const q = eigenvalues.map((_, k) => column(k));
  const op: SymmetricOperator = {
    size: n,
    apply(x, out) {
      out.fill(0);
      q.forEach((qk, k) => {
        const a = eigenvalues[k] * dot(qk, x);
        for (let i = 0; i < n; i++) out[i] += a * qk[i];
      });
    },
  };
  return { op, q };
}

describe('secondEigenpair', () => {
  it('finds a well-separated second eigenpair to machine precision', () => {
    const values = [1, 0.6, ...Array.from({ length: 198 }, (_, i) => 0.55 * (i / 198))];
    const { op, q } = knownSpectrum(values);
    const pair = secondEigenpair(op, q[0], 1, Float64Array.from({ length: 200 }, (_, i) => Math.sin(i)));
    expect(Math.abs(pair.value - 0.6)).toBeLessThan(1e-14);
    expect(1 - Math.abs(dot(pair.vector, q[1]))).toBeLessThan(1e-14);
    expect(pair.residual).toBeLessThan(1e-14);
  });

  it('is exact when the second and third eigenvalues nearly coincide (where power iteration crawls)', () => {
    const values = [1, 0.9, 0.9 - 1e-9, ...Array.from({ length: 97 }, (_, i) => 0.85 * (i / 97))];
    const { op, q } = knownSpectrum(values, 7);
    const pair = secondEigenpair(op, q[0], 1, Float64Array.from({ length: 100 }, () => 1));
    expect(Math.abs(pair.value - 0.9)).toBeLessThan(1e-14);
    expect(pair.residual).toBeLessThan(1e-13);
    // The vector lies in the (nearly degenerate) top pair's plane, and at most ~ε/gap from q₂.
    const inPlane = Math.hypot(dot(pair.vector, q[1]), dot(pair.vector, q[2]));
    expect(1 - inPlane).toBeLessThan(1e-14);
    expect(1 - Math.abs(dot(pair.vector, q[1]))).toBeLessThan(1e-6);
  });

  it('copes with repeated eigenvalues, where the Krylov space closes after a few steps', () => {
    // Two distinct eigenvalues besides the top one: Lanczos meets an invariant subspace at step 2.
    const diagonal = [1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.7, 0.3, 0.3];
    const op: SymmetricOperator = {
      size: diagonal.length,
      apply: (x, out) => diagonal.forEach((d, i) => (out[i] = d * x[i])),
    };
    const top = Float64Array.from(diagonal, (_, i) => (i === 0 ? 1 : 0));
    const start = Float64Array.from(diagonal, (_, i) => (i === 1 ? 1 : 0));
    const pair = secondEigenpair(op, top, 1, start);
    expect(pair.value).toBeCloseTo(0.7, 15);
    expect(Math.abs(pair.vector[6])).toBeCloseTo(1, 15);
  });
});
