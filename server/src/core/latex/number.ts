// Numbers as TeX: the shortest decimal that round-trips (2.0 → 2, .5 → 0.5), scientific notation as
// m \times 10^{k} when the literal was written that way or the value is very large or small.

export interface NumberTex {
  readonly tex: string;
  /** `10^{-4}` has a superscript; `2.5 \times 10^{-3}` is a product. Callers parenthesise accordingly. */
  readonly form: 'plain' | 'power' | 'product';
}

export function numberTex(value: number, sourceText?: string): NumberTex {
  if (Number.isNaN(value)) return { tex: '\\mathrm{NaN}', form: 'plain' };
  if (!Number.isFinite(value)) return { tex: value > 0 ? '\\infty' : '-\\infty', form: 'plain' };
  const abs = Math.abs(value);
  const writtenScientific = sourceText !== undefined && /e/i.test(sourceText);
  const plain = String(value);
  const scientific = value !== 0 && (writtenScientific || /e/i.test(plain) || abs >= 1e6 || abs < 1e-4);
  if (!scientific) return { tex: plain, form: 'plain' };
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const k = String(Number(exponent)); // "+3" → "3"
  if (mantissa === '1') return { tex: `10^{${k}}`, form: 'power' };
  if (mantissa === '-1') return { tex: `-10^{${k}}`, form: 'product' };
  return { tex: `${mantissa} \\times 10^{${k}}`, form: 'product' };
}
