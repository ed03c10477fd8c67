// Offline soak (not part of `npm test`): many more chained random edits than the test runs.
// Run: npx tsx server/test/incremental/soak.ts [seeds]
import { analyze, reanalyze } from '../../src/core/analysis/analyze.js';
import { sameAnalysis } from './reanalyze.test.js';
import { applyEdit, exampleTexts, generatedFile, random, randomEdit } from './random-edits.js';
const seeds = Number(process.argv[2] ?? 40);
let n = 0;
const files = [...exampleTexts(), { name: 'generated.loss', text: generatedFile(4) }];
for (const { name, text: original } of files) {
  for (let s = 0; s < seeds; s++) {
    const next = random(90000 + s);
    let text = original;
    let current = analyze(text);
    for (let i = 0; i < 40; i++) {
      const after = applyEdit(text, randomEdit(text, next));
      current = reanalyze(current, after);
      sameAnalysis(current, analyze(after), `${name} seed ${s} edit ${i}`);
      text = after;
      n++;
    }
  }
}
console.log(`${n} edits: incremental and full analyses agree`);
