// The result of `losslab trial --json` as a Markdown table for the Compare command. Pure (no vscode
// import), so it is unit-tested directly.

export interface TrialJson {
  readonly trial: string;
  readonly backend: string;
  readonly summary: Record<string, Record<string, { mean: number; std: number }>>;
}

/** The `--json` result of a trial as a Markdown table: one row per loss, one column per metric. */
export function comparisonMarkdown(trial: string, file: string, json: string): string {
  let r: TrialJson;
  try {
    r = JSON.parse(json) as TrialJson;
  } catch {
    return `# Trial '${trial}'\n\nThe trial runner did not print JSON:\n\n\`\`\`\n${json.slice(0, 2000)}\n\`\`\`\n`;
  }
  const losses = Object.keys(r.summary ?? {});
  const metrics = [...new Set(losses.flatMap((l) => Object.keys(r.summary[l])))];
  const cell = (v?: { mean: number; std: number }): string => (v ? `${fmt(v.mean)} ± ${fmt(v.std)}` : '—');
  const rows = losses.map((l) => `| \`${l}\` | ${metrics.map((m) => cell(r.summary[l][m])).join(' | ')} |`);
  return [
    `# Trial '${r.trial ?? trial}' — ${file}`,
    '',
    `Backend: ${r.backend}. Metrics on the validation split, mean ± std over seeds.`,
    '',
    `| loss | ${metrics.join(' | ')} |`,
    `| --- | ${metrics.map(() => '---').join(' | ')} |`,
    ...rows,
    '',
  ].join('\n');
}

function fmt(x: number): string {
  return Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3)) : String(x);
}
