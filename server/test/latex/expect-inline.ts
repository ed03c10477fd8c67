import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Inline expectations in the style of rust-analyzer's expect-test: the expected text is a String.raw
// literal next to the input in the test. Run with UPDATE_EXPECT=1 to rewrite the literals of failing
// expectations in place with the actual output (review the diff, then commit).

interface PendingUpdate {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly actual: string;
}

const pending: PendingUpdate[] = [];
let exitHookInstalled = false;

/** Asserts `actual === expected`; `expected` must be the first String.raw`…` literal at or after the call. */
export function expectInline(actual: string, expected: string): void {
  if (actual === expected) return;
  if (process.env.UPDATE_EXPECT === '1') {
    const site = callSite();
    if (site && !actual.includes('`') && !actual.includes('${')) {
      pending.push({ ...site, actual });
      installExitHook();
      return;
    }
  }
  assert.equal(actual, expected);
}

/** The first stack frame inside a `.test.ts` file: where the expectation is written. */
function callSite(): { file: string; line: number; column: number } | undefined {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n')) {
    const m = /\(?((?:file:\/\/)?[^\s()]+\.test\.ts):(\d+):(\d+)\)?$/.exec(line.trim());
    if (m) {
      const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
      return { file, line: Number(m[2]), column: Number(m[3]) };
    }
  }
  return undefined;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    const byFile = new Map<string, PendingUpdate[]>();
    for (const u of pending) byFile.set(u.file, [...(byFile.get(u.file) ?? []), u]);
    for (const [file, updates] of byFile) {
      let text = readFileSync(file, 'utf8');
      const lineStarts = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
      // Bottom-up, so earlier offsets stay valid while later literals change length.
      const located = updates
        .map((u) => ({ u, offset: lineStarts[u.line - 1]! + u.column - 1 }))
        .sort((a, b) => b.offset - a.offset);
      for (const { u, offset } of located) {
        const open = text.indexOf('String.raw`', offset);
        if (open < 0) continue;
        const start = open + 'String.raw`'.length;
        const end = text.indexOf('`', start);
        if (end < 0) continue;
        text = text.slice(0, start) + u.actual + text.slice(end);
      }
      writeFileSync(file, text);
      console.error(`expect-inline: updated ${updates.length} expectation(s) in ${file}`);
    }
  });
}
