/**
 * The second eigenpair of a symmetric positive semi-definite operator whose top eigenvector is
 * known: Lanczos with full reorthogonalisation, deflating the known vector (see
 * docs/decisions/0002-complexity-eigensolver.md for why this and not power iteration).
 */
import { seededRandom } from '../../lib/random.ts';

/** A symmetric n × n operator given by its product with a vector. */
export interface SymmetricOperator {
  size: number;
  /** Writes S·x into `out` (which it may assume is not `x`). */
  apply(x: Float64Array, out: Float64Array): void;
}

/** An eigenvalue with its unit eigenvector, and how the solver got there. */
export interface Eigenpair {
  value: number;
  vector: Float64Array;
  /** Lanczos steps taken (the Krylov dimension). */
  steps: number;
  /** ‖S·v − λ·v‖ for the returned pair. */
  residual: number;
}

/** Options for {@link secondEigenpair}. */
export interface SecondEigenpairOptions {
  /** Stop when the residual estimate falls below this (relative to the top eigenvalue). */
  tolerance?: number;
  /** A deterministic seed for the random part of the start vector and any restart. */
  seed?: number;
}

/**
 * The largest eigenpair of S on the complement of its known unit top eigenvector `top`
 * (with eigenvalue `topValue`), i.e. the second eigenpair of S, to machine precision.
 * `start` steers the first Lanczos vector; it need not be orthogonal to `top`.
 */
export function secondEigenpair(
  op: SymmetricOperator,
  top: Float64Array,
  topValue: number,
  start: Float64Array,
  options: SecondEigenpairOptions = {},
): Eigenpair {
  const n = op.size;
  const space = n - 1; // dimension of the complement of `top`
  if (space < 1) throw new RangeError('secondEigenpair needs an operator of size 2 or more');
  const tolerance = (options.tolerance ?? 1e-15) * Math.max(1, Math.abs(topValue));
  const random = mulberry32(options.seed ?? 0x2545f491);

  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = []; // beta[j] couples basis[j] and basis[j+1]; 0 after a restart
  let exhaustive = false; // after an invariant subspace, only the whole space is conclusive

  // A small seeded random part keeps the start from being exactly orthogonal to the answer.
  let q = Float64Array.from(start);
  const jitter = 1e-3 * (norm(start) / Math.sqrt(n) || 1);
  for (let i = 0; i < n; i++) q[i] += jitter * (random() - 0.5);
  if (!orthonormalise(q, top, basis, random)) throw new Error('no start vector outside the top eigenvector');

  const w = new Float64Array(n);
  let best: { value: number; ritz: Float64Array };
  for (let j = 0; ; j++) {
    basis.push(q);
    op.apply(q, w);
    if (j > 0 && beta[j - 1] !== 0) axpy(-beta[j - 1], basis[j - 1], w);
    const a = dot(q, w);
    alpha.push(a);
    axpy(-a, q, w);
    for (let pass = 0; pass < 2; pass++) {
      axpy(-dot(top, w), top, w);
      for (const b of basis) axpy(-dot(b, w), b, w);
    }
    const b = norm(w);
    best = topOfTridiagonal(alpha, beta);
    const steps = j + 1;
    if (steps >= space) break;
    const invariant = b <= 1e-13 * Math.max(1, Math.abs(a), Math.abs(best.value));
    if (!exhaustive && !invariant && b * Math.abs(best.ritz[j]) <= tolerance) break;
    if (invariant) {
      // The Krylov space closed on itself: carry on from a fresh direction, and from now on
      // stop only when the whole complement is spanned, since a larger eigenvalue may lie outside.
      exhaustive = true;
      beta.push(0);
      q = new Float64Array(n);
      for (let i = 0; i < n; i++) q[i] = random() - 0.5;
      if (!orthonormalise(q, top, basis, random)) break;
    } else {
      beta.push(b);
      q = new Float64Array(n);
      for (let i = 0; i < n; i++) q[i] = w[i] / b;
    }
  }

  const vector = new Float64Array(n);
  for (let j = 0; j < basis.length; j++) axpy(best.ritz[j], basis[j], vector);
  scale(vector, 1 / norm(vector));
  op.apply(vector, w);
  const value = dot(vector, w);
  axpy(-value, vector, w);
  return { value, vector, steps: basis.length, residual: norm(w) };
}

/** The largest eigenvalue of the symmetric tridiagonal (alpha, beta) and its unit eigenvector. */
export function topOfTridiagonal(alpha: number[], beta: number[]): { value: number; ritz: Float64Array } {
  const m = alpha.length;
  if (m === 1) return { value: alpha[0], ritz: Float64Array.of(1) };
  // Gershgorin bounds, then bisection on the Sturm count for the largest eigenvalue.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < m - 1 ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  const spread = Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE);
  for (let it = 0; it < 200 && hi - lo > 2 * Number.EPSILON * spread; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (countBelow(alpha, beta, mid) === m) hi = mid;
    else lo = mid;
  }
  const value = 0.5 * (lo + hi);
  return { value, ritz: tridiagonalEigenvector(alpha, beta, value, spread) };
}

/** Number of eigenvalues of the tridiagonal below x (Sturm sequence via LDLᵀ pivots). */
function countBelow(alpha: number[], beta: number[], x: number): number {
  let count = 0;
  let d = 1;
  const tiny = Number.MIN_VALUE * 1e10;
  for (let i = 0; i < alpha.length; i++) {
    const off = i > 0 ? beta[i - 1] : 0;
    d = alpha[i] - x - (i > 0 ? (off * off) / d : 0);
    if (d === 0) d = -tiny;
    if (d < 0) count++;
  }
  return count;
}

/** Inverse iteration with a pivoted tridiagonal solve, for the eigenvector at a known eigenvalue. */
function tridiagonalEigenvector(alpha: number[], beta: number[], value: number, spread: number): Float64Array {
  const m = alpha.length;
  const shift = value + 4 * Number.EPSILON * spread; // just off the eigenvalue keeps the solve finite
  let x: Float64Array = new Float64Array(m).fill(1 / Math.sqrt(m));
  for (let it = 0; it < 3; it++) {
    x = solveTridiagonal(alpha, beta, shift, x);
    scale(x, 1 / norm(x));
  }
  return x;
}

/** Solves (T − shift·I)·y = rhs for the symmetric tridiagonal T with partial pivoting (as LINPACK dgtsl). */
function solveTridiagonal(alpha: number[], beta: number[], shift: number, rhs: Float64Array): Float64Array {
  const m = alpha.length;
  const c = new Float64Array(m); // sub-diagonal
  const d = new Float64Array(m); // diagonal
  const e = new Float64Array(m); // super-diagonal
  const f = new Float64Array(m); // second super-diagonal, filled by pivoting
  const b = Float64Array.from(rhs);
  for (let i = 0; i < m; i++) {
    d[i] = alpha[i] - shift;
    if (i < m - 1) c[i + 1] = e[i] = beta[i];
  }
  const tiny = Number.EPSILON * Math.max(...d.map(Math.abs), ...e.map(Math.abs), Number.MIN_VALUE);
  for (let k = 0; k < m - 1; k++) {
    if (Math.abs(c[k + 1]) > Math.abs(d[k])) {
      // swap rows k and k+1
      [d[k], c[k + 1]] = [c[k + 1], d[k]];
      [e[k], d[k + 1]] = [d[k + 1], e[k]];
      [f[k], e[k + 1]] = [e[k + 1], f[k]];
      [b[k], b[k + 1]] = [b[k + 1], b[k]];
    }
    if (d[k] === 0) d[k] = tiny;
    const t = c[k + 1] / d[k];
    d[k + 1] -= t * e[k];
    e[k + 1] -= t * f[k];
    b[k + 1] -= t * b[k];
  }
  if (d[m - 1] === 0) d[m - 1] = tiny;
  const y = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    let s = b[k];
    if (k + 1 < m) s -= e[k] * y[k + 1];
    if (k + 2 < m) s -= f[k] * y[k + 2];
    y[k] = s / d[k];
  }
  return y;
}

/** Orthonormalises q against `top` and `basis` (twice); retries with random vectors if q lies in their span. */
function orthonormalise(q: Float64Array, top: Float64Array, basis: Float64Array[], random: () => number): boolean {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = norm(q);
    for (let pass = 0; pass < 2; pass++) {
      axpy(-dot(top, q), top, q);
      for (const b of basis) axpy(-dot(b, q), b, q);
    }
    const after = norm(q);
    if (after > 1e-8 * before && after > 0) {
      scale(q, 1 / after);
      return true;
    }
    for (let i = 0; i < q.length; i++) q[i] = random() - 0.5;
  }
  return false;
}

/** Σ x_i y_i. */
export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** The Euclidean norm of x. */
export function norm(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** y += a·x. */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

/** x *= a. */
function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

/** A small deterministic PRNG (mulberry32); see src/lib/random.ts. */
export const mulberry32 = seededRandom;
