import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The LaTeX renderer and the math renderer are shared by the language server, the CLI and the exporters:
// neither may depend on the editor protocol or on the server that uses them.

const src = fileURLToPath(new URL('../../src/', import.meta.url));

describe('purity', () => {
  for (const dir of ['core/latex', 'math']) {
    it(`server/src/${dir} imports nothing from the LSP or VS Code`, () => {
      const files = readdirSync(join(src, dir)).filter((f) => f.endsWith('.ts'));
      assert.ok(files.length > 0);
      for (const f of files) {
        const text = readFileSync(join(src, dir, f), 'utf8');
        const imports = [...text.matchAll(/(?:from|import)\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
        for (const i of imports) {
          assert.ok(!/^vscode|vscode-languageserver|\/lsp\/|\/trial\/|\/cli\//.test(i), `${dir}/${f} imports ${i}`);
        }
      }
    });
  }
});
