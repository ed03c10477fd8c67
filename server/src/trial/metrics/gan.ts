// GAN metrics on a ring of Gaussian modes (Metz et al. 2017 set-up): a generated sample is "high quality"
// when it lies within `radius` of some mode centre (0.3 for σ = 0.05 modes, about 6σ), and a mode is
// "covered" when it holds at least `minShare` of all samples within that radius.

export interface ModeStats {
  readonly modesCovered: number;
  readonly highQualityFraction: number;
  /** Samples within the radius of each mode. */
  readonly perMode: number[];
}

export function modeStats(samples: ArrayLike<number>, centres: ArrayLike<number>, radius = 0.3, minShare = 0.02): ModeStats {
  const n = Math.floor(samples.length / 2), K = Math.floor(centres.length / 2);
  const perMode = new Array<number>(K).fill(0);
  let good = 0;
  const r2 = radius * radius;
  for (let i = 0; i < n; i++) {
    let best = -1, bestD = Infinity;
    const x = samples[2 * i], y = samples[2 * i + 1];
    for (let k = 0; k < K; k++) {
      const dx = x - centres[2 * k], dy = y - centres[2 * k + 1];
      const d = dx * dx + dy * dy; // squared: no sqrt per pair
      if (d < bestD) { bestD = d; best = k; }
    }
    if (bestD <= r2) { good++; perMode[best]++; }
  }
  const modesCovered = perMode.filter((c) => n > 0 && c >= minShare * n).length;
  return { modesCovered, highQualityFraction: n ? good / n : 0, perMode };
}
