import * as vscode from 'vscode';
import { TESTS } from './extension.e2e.js';

// Entry point the extension host loads through --extensionTestsPath (the @vscode/test-electron
// contract: export run(): Promise<void>). A small sequential runner: each test gets a deadline, output is
// TAP-like, and the promise rejects when any test failed, which exits the workbench with code 1.

export async function run(): Promise<void> {
  let passed = 0;
  const failed: string[] = [];
  console.log(`VS Code ${vscode.version} (${vscode.env.appName}, ui ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  for (const [i, t] of TESTS.entries()) {
    const t0 = Date.now();
    try {
      await Promise.race([
        t.run(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs ?? 60_000} ms`)), t.timeoutMs ?? 60_000)),
      ]);
      passed++;
      console.log(`ok ${i + 1} - ${t.name} (${Date.now() - t0} ms)`);
    } catch (err) {
      failed.push(t.name);
      console.log(`not ok ${i + 1} - ${t.name}\n  ${err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 6).join('\n  ') : String(err)}`);
    }
  }
  console.log(`extension tests: ${passed} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`${failed.length} extension tests failed: ${failed.join('; ')}`);
}
