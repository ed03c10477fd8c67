import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as I from '../../src/core/analysis/interval.js';
import type { Interval } from '../../src/core/analysis/interval.js';
import { lookupFunction } from '../../src/core/builtins/table.js';
import type { RangeOptions } from '../../src/core/builtins/types.js';
import { random as rng } from '../helpers/random.js';

// Soundness of the interval analysis: for random argument intervals, every value a builtin produces
// for arguments drawn inside them lies inside the interval its `range` returns. The references below
// are written independently of the table (plain, naive-but-careful JavaScript in float64).


const SPECIAL = [0, 1, -1, 0.5, -0.5, 2, Math.PI, -Math.PI, 1e-7, -1e-7, 30, -30, 100, -100];

class Sampler {
  constructor(readonly next: () => number) {}
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** A random end point: mostly moderate numbers, sometimes special values or ±∞. */
  endPoint(scale: number): number {
    const r = this.next();
    if (r < 0.1) return this.pick(SPECIAL);
    if (r < 0.15) return this.pick([Infinity, -Infinity]);
    if (r < 0.6) return this.between(-scale, scale);
    return this.between(-scale / 10, scale / 10);
  }
  /** A random non-empty interval, optionally within [lo, hi]. */
  interval(scale = 10, lo = -Infinity, hi = Infinity): Interval {
    const clampEnd = (x: number) => Math.min(Math.max(x, lo), hi);
    let a = clampEnd(this.endPoint(scale));
    let b = this.next() < 0.1 ? a : clampEnd(this.endPoint(scale));
    if (a > b) [a, b] = [b, a];
    return I.interval(a, b);
  }
  /** A point inside an interval (infinite ends are sampled at large finite values). */
  inside(a: Interval): number {
    const r = this.next();
    if (r < 0.1 && Number.isFinite(a.lo)) return a.lo;
    if (r < 0.2 && Number.isFinite(a.hi)) return a.hi;
    const lo = Number.isFinite(a.lo) ? a.lo : Math.min(a.hi, 0) - 1e6 * this.next() ** 4;
    const hi = Number.isFinite(a.hi) ? a.hi : Math.max(a.lo, 0) + 1e6 * this.next() ** 4;
    return Math.min(Math.max(this.between(lo, hi), a.lo), a.hi);
  }
  tensor(a: Interval, n = 1 + Math.floor(this.next() * 6)): number[] {
    return Array.from({ length: n }, () => this.inside(a));
  }
}

/** v lies in r, allowing a relative hair for rounding in the reference. */
function contains(r: Interval, v: number): boolean {
  if (v === r.lo || v === r.hi) return true;
  const tol = (x: number) => (Number.isFinite(x) ? 1e-9 * Math.max(1, Math.abs(x)) : 0);
  return v >= r.lo - tol(r.lo) && v <= r.hi + tol(r.hi);
}

function assertSound(name: string, r: Interval, v: number, context: () => string): void {
  if (Number.isNaN(v)) return; // outside the function's domain: no value to contain
  if (!contains(r, v)) assert.fail(`${name}: value ${v} outside computed range ${I.format(r)} for ${context()}`);
}

// ---- scalar references -------------------------------------------------------------------------

const softplus = (x: number) => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const roundHalfEven = (x: number) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

const ELEMENTWISE: Record<string, (x: number) => number> = {
  log: Math.log, exp: Math.exp, sqrt: Math.sqrt, abs: Math.abs, sign: Math.sign, square: (x) => x * x,
  sigmoid, log_sigmoid: (x) => -softplus(-x), softplus, relu: (x) => Math.max(x, 0), tanh: Math.tanh,
  cos: Math.cos, sin: Math.sin, acos: Math.acos, round: roundHalfEven, floor: Math.floor, stopgrad: (x) => x,
};

const TRIALS = 400;

function check(name: string, trials: number, body: (s: Sampler) => { args: Record<string, Interval>; options?: RangeOptions; values: number[] }): void {
  const b = lookupFunction(name)!;
  const s = new Sampler(rng(name.split('').reduce((h, c) => h * 31 + c.charCodeAt(0), 7)));
  for (let t = 0; t < trials; t++) {
    const { args, options, values } = body(s);
    const r = b.range(args, options);
    for (const v of values) assertSound(name, r, v, () => JSON.stringify({ args, options }));
  }
}

describe('range soundness: elementwise math against scalar references', () => {
  for (const [name, f] of Object.entries(ELEMENTWISE)) {
    it(name, () => {
      check(name, TRIALS * 3, (s) => {
        const x = s.interval(name === 'exp' ? 50 : name === 'acos' ? 1.5 : 20);
        return { args: { x }, values: Array.from({ length: 20 }, () => f(s.inside(x))) };
      });
    });
  }

  it('round is half to even', () => {
    const r = lookupFunction('round')!.range({ x: I.point(2.5) });
    assert.deepEqual(r, I.point(2));
    const half = lookupFunction('round')!.range({ x: I.point(-0.5) });
    assert.ok(half.lo === 0 && half.hi === 0, I.format(half));
  });

  it('clamp, with either bound omitted', () => {
    check('clamp', TRIALS, (s) => {
      const x = s.interval();
      const lo = s.next() < 0.3 ? undefined : s.interval(5);
      const hi = s.next() < 0.3 ? undefined : s.interval(5);
      const args: Record<string, Interval> = { x, ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
      const values = Array.from({ length: 20 }, () => {
        let v = s.inside(x);
        if (lo) v = Math.max(v, s.inside(lo));
        if (hi) v = Math.min(v, s.inside(hi));
        return v;
      });
      return { args, values };
    });
  });

  it('where, min and max (elementwise forms)', () => {
    check('where', TRIALS, (s) => {
      const cond = s.pick([I.point(0), I.point(1), I.UNIT, I.interval(-1, 1), I.interval(2, 3)]);
      const a = s.interval();
      const b = s.interval();
      return { args: { cond, a, b }, values: Array.from({ length: 20 }, () => (s.inside(cond) !== 0 ? s.inside(a) : s.inside(b))) };
    });
    for (const name of ['min', 'max'] as const) {
      check(name, TRIALS, (s) => {
        const a = s.interval();
        const b = s.interval();
        const f = name === 'min' ? Math.min : Math.max;
        return { args: { a, b }, values: Array.from({ length: 20 }, () => f(s.inside(a), s.inside(b))) };
      });
    }
  });
});

describe('range soundness: reductions and tensor operations', () => {
  const reduce = (name: string, f: (xs: number[], s: Sampler) => number, param = 'x') =>
    it(name, () =>
      check(name, TRIALS, (s) => {
        const x = s.interval();
        return { args: { [param]: x }, values: Array.from({ length: 10 }, () => f(s.tensor(x), s)) };
      }));
  reduce('sum', (xs) => xs.reduce((a, b) => a + b, 0));
  reduce('mean', (xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
  reduce('max', (xs) => Math.max(...xs), 'a');
  reduce('min', (xs) => Math.min(...xs), 'a');
  reduce('logsumexp', (xs) => {
    const m = Math.max(...xs);
    return m + Math.log(xs.reduce((a, v) => a + Math.exp(v - m), 0));
  });

  it('norm for p in [1, 4]', () => {
    check('norm', TRIALS, (s) => {
      const x = s.interval();
      const p = s.interval(4, 1, 4);
      return {
        args: { x, p },
        values: Array.from({ length: 10 }, () => {
          const pv = s.inside(p);
          return s.tensor(x).reduce((a, v) => a + Math.abs(v) ** pv, 0) ** (1 / pv);
        }),
      };
    });
  });

  it('softmax and log_softmax', () => {
    for (const name of ['softmax', 'log_softmax']) {
      check(name, TRIALS, (s) => {
        const z = s.interval(50);
        return {
          args: { z },
          values: Array.from({ length: 10 }, () => {
            const zs = s.tensor(z);
            const m = Math.max(...zs);
            const lse = m + Math.log(zs.reduce((a, v) => a + Math.exp(v - m), 0));
            const j = Math.floor(s.next() * zs.length);
            return name === 'softmax' ? Math.exp(zs[j]! - lse) : zs[j]! - lse;
          }),
        };
      });
    }
  });

  it('matmul', () => {
    check('matmul', TRIALS, (s) => {
      const a = s.interval();
      const b = s.interval();
      return { args: { a, b }, values: Array.from({ length: 10 }, () => s.tensor(a).reduce((acc, v) => acc + v * s.inside(b), 0)) };
    });
  });

  it('concat, gather, transpose keep their elements', () => {
    check('concat', TRIALS, (s) => {
      const a = s.interval();
      const b = s.interval();
      return { args: { a, b }, values: [s.inside(a), s.inside(b)] };
    });
    check('gather', TRIALS, (s) => {
      const z = s.interval();
      return { args: { z, y: I.interval(0, 9) }, values: [s.inside(z)] };
    });
    check('transpose', TRIALS, (s) => {
      const x = s.interval();
      return { args: { x }, values: [s.inside(x)] };
    });
  });
});

describe('range soundness: schedules', () => {
  it('ramp, cosine and warmup over progress in [0, 1]', () => {
    check('ramp', TRIALS, (s) => {
      const from = s.interval(5);
      const to = s.interval(5);
      return {
        args: { from, to },
        values: Array.from({ length: 10 }, () => {
          const [a, b] = [s.inside(from), s.inside(to)];
          const st = s.between(0, 1);
          const en = s.between(st, 1);
          const tau = s.next();
          const f = en === st ? (tau >= st ? 1 : 0) : Math.min(Math.max((tau - st) / (en - st), 0), 1);
          return a + (b - a) * f;
        }),
      };
    });
    check('cosine', TRIALS, (s) => {
      const from = s.interval(5);
      const to = s.interval(5);
      return { args: { from, to }, values: Array.from({ length: 10 }, () => { const [a, b] = [s.inside(from), s.inside(to)]; return b + ((a - b) * (1 + Math.cos(Math.PI * s.next()))) / 2; }) };
    });
    check('warmup', TRIALS, (s) => {
      const value = s.interval(5);
      return { args: { value }, values: Array.from({ length: 10 }, () => s.inside(value) * Math.min(1, s.next() / 0.1)) };
    });
  });
});

// ---- losses: references on random small batches ------------------------------------------------

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const bceElement = (z: number, y: number) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));

describe('range soundness: losses on random batches', () => {
  it('bce', () => check('bce', TRIALS, (s) => {
    const z = s.interval(40);
    const y = s.pick([I.UNIT, I.point(0), I.point(1), I.interval(0.2, 0.7)]);
    return { args: { z, y }, values: Array.from({ length: 10 }, () => mean(s.tensor(z).map((zv) => bceElement(zv, s.inside(y))))) };
  }));

  const regression: Record<string, (r: number, h: number) => number> = {
    mse: (r) => r * r,
    mae: (r) => Math.abs(r),
    huber: (r, d) => (Math.abs(r) <= d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d)),
    smooth_l1: (r, b) => (b === 0 ? Math.abs(r) : Math.abs(r) < b ? (0.5 * r * r) / b : Math.abs(r) - 0.5 * b),
    log_cosh: (r) => (Math.abs(r) > 20 ? Math.abs(r) - Math.LN2 : Math.log(Math.cosh(r))),
  };
  const hyperName: Record<string, string> = { huber: 'delta', smooth_l1: 'beta' };
  for (const [name, f] of Object.entries(regression)) {
    it(name, () => check(name, TRIALS, (s) => {
      const x = s.interval();
      const t = s.interval();
      const h = hyperName[name] ? s.interval(3, 0, 3) : undefined;
      const args: Record<string, Interval> = { x, t, ...(h ? { [hyperName[name]!]: h } : {}) };
      return { args, values: Array.from({ length: 10 }, () => { const hv = h ? s.inside(h) : 1; return mean(s.tensor(x).map((xv) => f(xv - s.inside(t), hv))); }) };
    }));
  }

  it('quantile, including levels outside [0, 1]', () => check('quantile', TRIALS, (s) => {
    const x = s.interval();
    const t = s.interval();
    const q = s.next() < 0.8 ? s.interval(1, 0, 1) : s.interval(2);
    return {
      args: { x, t, q },
      values: Array.from({ length: 10 }, () => {
        const qv = s.inside(q);
        return mean(s.tensor(x).map((xv) => { const r = s.inside(t) - xv; return Math.max(qv * r, (qv - 1) * r); }));
      }),
    };
  }));

  it('focal (sigmoid form), alpha in [0, 1] or disabled', () => check('focal', TRIALS, (s) => {
    const z = s.interval(40);
    const gamma = s.interval(5, 0, 5);
    const alpha = s.next() < 0.8 ? s.interval(1, 0, 1) : I.point(-1);
    return {
      args: { z, y: I.UNIT, gamma, alpha },
      values: Array.from({ length: 10 }, () => {
        const [g, a] = [s.inside(gamma), s.inside(alpha)];
        return mean(s.tensor(z).map((zv) => {
          const y = s.next() < 0.5 ? 0 : 1;
          const p = sigmoid(zv);
          const pt = y ? p : 1 - p;
          const at = a < 0 ? 1 : y ? a : 1 - a;
          return at * (1 - pt) ** g * bceElement(zv, y); // −α_t(1 − p_t)^γ·log p_t, log p_t = −bce
        }));
      }),
    };
  }));

  /** TP, FP, FN of a random soft mask in [0, 1]. */
  const overlap = (s: Sampler, n: number) => {
    let tp = 0, fp = 0, fn = 0, sp = 0, sy = 0;
    for (let i = 0; i < n; i++) {
      const p = s.next() < 0.2 ? s.pick([0, 1]) : s.next();
      const y = s.next() < 0.5 ? 0 : 1;
      tp += p * y; fp += p * (1 - y); fn += (1 - p) * y; sp += p; sy += y;
    }
    return { tp, fp, fn, sp, sy };
  };
  it('dice, tversky, focal_tversky', () => {
    check('dice', TRIALS, (s) => {
      const smooth = s.interval(2, 0, 2);
      return { args: { p: I.UNIT, y: I.UNIT, smooth }, values: Array.from({ length: 10 }, () => { const o = overlap(s, 1 + Math.floor(s.next() * 8)); const sm = s.inside(smooth); return 1 - (2 * o.tp + sm) / (o.sp + o.sy + sm); }) };
    });
    for (const name of ['tversky', 'focal_tversky']) {
      check(name, TRIALS, (s) => {
        const alpha = s.interval(2, 0, 2);
        const beta = s.interval(2, 0, 2);
        const gamma = s.interval(3, 0, 3);
        return {
          args: { p: I.UNIT, y: I.UNIT, alpha, beta, smooth: I.interval(1e-5, 1), ...(name === 'focal_tversky' ? { gamma } : {}) },
          values: Array.from({ length: 10 }, () => {
            const o = overlap(s, 1 + Math.floor(s.next() * 8));
            const sm = s.between(1e-5, 1);
            const ti = (o.tp + sm) / (o.tp + s.inside(alpha) * o.fp + s.inside(beta) * o.fn + sm);
            return name === 'tversky' ? 1 - ti : (1 - ti) ** s.inside(gamma);
          }),
        };
      });
    }
  });

  /** A random probability row of length c (sometimes with exact zeros). */
  const distribution = (s: Sampler, c: number): number[] => {
    const w: number[] = Array.from({ length: c }, () => (s.next() < 0.2 ? 0 : s.next()));
    if (!w.some((v) => v !== 0)) w[0] = 1;
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / total);
  };
  const klRow = (p: number[], q: number[]) => p.reduce((a, pv, i) => a + (pv === 0 ? 0 : pv * Math.log(pv / q[i]!)), 0);
  it('kl and js on distributions', () => {
    check('kl', TRIALS, (s) => ({ args: { p: I.UNIT, q: I.UNIT }, values: Array.from({ length: 10 }, () => { const c = 2 + Math.floor(s.next() * 4); return klRow(distribution(s, c), distribution(s, c)); }) }));
    check('js', TRIALS, (s) => ({
      args: { p: I.UNIT, q: I.UNIT },
      values: Array.from({ length: 10 }, () => {
        const c = 2 + Math.floor(s.next() * 4);
        const [p, q] = [distribution(s, c), distribution(s, c)];
        const m = p.map((v, i) => (v + q[i]!) / 2);
        return 0.5 * klRow(p, m) + 0.5 * klRow(q, m);
      }),
    }));
  });

  it('gan_g and gan_d for every kind, known or not', () => {
    const gen: Record<string, (f: number) => number> = { ns: (f) => softplus(-f), minimax: (f) => -softplus(f), hinge: (f) => -f, wgan: (f) => -f, ls: (f) => 0.5 * (f - 1) ** 2 };
    const dis: Record<string, (r: number, f: number) => number> = {
      ns: (r, f) => softplus(-r) + softplus(f), minimax: (r, f) => softplus(-r) + softplus(f),
      hinge: (r, f) => Math.max(0, 1 - r) + Math.max(0, 1 + f), wgan: (r, f) => f - r, ls: (r, f) => 0.5 * (r - 1) ** 2 + 0.5 * f * f,
    };
    for (const kind of Object.keys(gen)) {
      for (const options of [{ kind }, undefined]) {
        check('gan_g', 50, (s) => { const fake = s.interval(20); return { args: { fake }, options, values: [mean(s.tensor(fake).map(gen[kind]!))] }; });
        check('gan_d', 50, (s) => { const real = s.interval(20); const fake = s.interval(20); return { args: { real, fake }, options, values: [dis[kind]!(s.inside(real), s.inside(fake))] }; });
      }
    }
    // {} means every option at its default ("ns").
    assert.deepEqual(lookupFunction('gan_g')!.range({}, {}), I.NONNEG);
    assert.deepEqual(lookupFunction('gan_g')!.range({}, { kind: 'wgan' }), I.ALL);
    assert.deepEqual(lookupFunction('gan_g')!.range({}, { kind: 'minimax' }), I.interval(-Infinity, 0));
    assert.deepEqual(lookupFunction('gan_g')!.range({}), I.ALL);
  });

  it('relativistic losses', () => {
    for (const name of ['ragan_g', 'ragan_d', 'rsgan_d', 'rsgan_g']) {
      check(name, 100, (s) => {
        const real = s.interval(20);
        const fake = s.interval(20);
        const [r, f] = [s.tensor(real, 4), s.tensor(fake, 4)];
        const [mr, mf] = [mean(r), mean(f)];
        const value = {
          ragan_d: 0.5 * (mean(r.map((v) => softplus(-(v - mf)))) + mean(f.map((v) => softplus(v - mr)))),
          ragan_g: 0.5 * (mean(r.map((v) => softplus(v - mf))) + mean(f.map((v) => softplus(-(v - mr))))),
          rsgan_d: mean(r.map((v, i) => softplus(-(v - f[i]!)))),
          rsgan_g: mean(r.map((v, i) => softplus(-(f[i]! - v)))),
        }[name]!;
        return { args: { real, fake }, values: [value] };
      });
    }
  });

  it('uncertainty, dwa, mgda, pcgrad, gradnorm on task losses', () => {
    check('uncertainty', TRIALS, (s) => {
      const l = s.interval(10, 0);
      return { args: { l }, values: Array.from({ length: 10 }, () => s.tensor(l, 2 + Math.floor(s.next() * 3)).reduce((a, L) => { const sk = s.between(-10, 10); return a + Math.exp(-sk) * L + sk; }, 0)) };
    });
    for (const name of ['dwa', 'gradnorm', 'pcgrad']) {
      check(name, TRIALS, (s) => {
        const l = s.interval();
        return { args: { l }, values: Array.from({ length: 10 }, () => s.tensor(l, 2 + Math.floor(s.next() * 3)).reduce((a, L) => a + s.between(0, 3) * L, 0)) };
      });
    }
    check('mgda', TRIALS, (s) => {
      const l = s.interval();
      return { args: { l }, values: Array.from({ length: 10 }, () => { const a = s.next(); return a * s.inside(l) + (1 - a) * s.inside(l); }) };
    });
  });

  it('fakequant with a dynamic or a given scale, and quant_noise', () => {
    const level = (b: number) => 2 ** (b - 1) - 1;
    check('fakequant', TRIALS * 2, (s) => {
      const x = s.interval(10);
      const bits = s.pick([I.point(8), I.point(2), I.point(4), I.interval(2, 8), I.interval(3, 16)]);
      const withScale = s.next() < 0.5;
      const scale = withScale ? s.interval(1, 1e-3, 2) : undefined;
      if (scale && scale.lo <= 0) return { args: { x }, values: [] };
      return {
        args: { x, bits, ...(scale ? { scale } : {}) },
        values: Array.from({ length: 10 }, () => {
          const b = Math.round(s.inside(bits));
          const xs = s.tensor(x);
          const m = Math.max(...xs.map(Math.abs));
          const sv = scale ? s.inside(scale) : m / level(b);
          const v = xs[0]!;
          if (sv === 0) return 0;
          return Math.min(Math.max(roundHalfEven(v / sv), -(2 ** (b - 1))), level(b)) * sv;
        }),
      };
    });
    check('quant_noise', TRIALS, (s) => {
      const x = s.interval(10);
      return {
        args: { x, bits: I.point(4) },
        values: Array.from({ length: 10 }, () => {
          const xs = s.tensor(x);
          const step = Math.max(...xs.map(Math.abs)) / level(4);
          return xs[0]! + step * s.between(-0.5, 0.5);
        }),
      };
    });
  });

  it('rkd_angle is at most 1.5', () => check('rkd_angle', TRIALS, (s) => {
    const d = s.between(-2, 2);
    const a = Math.abs(d);
    return { args: {}, values: [a < 1 ? 0.5 * a * a : a - 0.5] };
  }));
});

describe('range spot checks', () => {
  const r = (name: string, args: Record<string, Interval> = {}, options?: RangeOptions) => lookupFunction(name)!.range(args, options);
  it('gives the ranges the lints rely on', () => {
    assert.deepEqual(r('sigmoid', { x: I.ALL }), I.UNIT); // closed: float32 reaches both ends
    assert.deepEqual(r('softmax', { z: I.ALL }), I.UNIT);
    assert.deepEqual(r('log_softmax', { z: I.ALL }), I.interval(-Infinity, 0));
    assert.deepEqual(r('bce', { z: I.ALL, y: I.UNIT }), I.NONNEG);
    assert.deepEqual(r('kl', { p: I.UNIT, q: I.UNIT }), I.NONNEG);
    assert.deepEqual(r('js', { p: I.UNIT, q: I.UNIT }), I.interval(0, Math.LN2));
    assert.deepEqual(r('ce', { z: I.ALL, y: I.NONNEG }), I.NONNEG);
    assert.deepEqual(r('dice', { p: I.UNIT, y: I.UNIT }), I.UNIT);
    assert.deepEqual(r('dice', { p: I.ALL, y: I.UNIT }), I.ALL); // logits passed by mistake: no promise
    assert.deepEqual(r('focal', { z: I.ALL, y: I.UNIT }), I.NONNEG);
    assert.deepEqual(r('focal', { z: I.ALL, y: I.UNIT, alpha: I.point(1.5) }), I.ALL);
    assert.deepEqual(r('log', { x: I.UNIT }), I.interval(-Infinity, 0)); // reaches −∞: the lint's cue
    assert.deepEqual(r('sqrt', { x: I.interval(-1, 4) }), I.interval(0, 2));
    assert.deepEqual(r('mse', { x: I.interval(0, 1), t: I.interval(0, 1) }), I.UNIT);
    assert.deepEqual(r('l2', { weights: I.ALL }), I.NONNEG);
    assert.deepEqual(r('nll', { logp: I.interval(-Infinity, 0) }), I.NONNEG);
    assert.deepEqual(r('cos', { x: I.interval(0, Math.PI) }).lo, -1);
    assert.deepEqual(r('where', { cond: I.point(1), a: I.point(2), b: I.point(3) }), I.point(2));
    assert.deepEqual(r('clamp', { x: I.ALL, lo: I.point(1e-7) }), I.interval(1e-7, Infinity));
    assert.deepEqual(r('sum', { x: I.interval(0.5, 1) }), I.interval(0.5, Infinity));
    assert.deepEqual(r('warmup', { value: I.point(0.01) }), I.interval(0, 0.01));
    const fq = r('fakequant', { x: I.interval(-1, 1), bits: I.point(8) });
    assert.ok(fq.lo >= -1 - 1e-9 && fq.hi <= 1 + 1e-9, I.format(fq));
  });
});
