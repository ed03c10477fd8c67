#!/usr/bin/env node
// Regenerates docs/builtins.md from the builtin table (server/src/core/builtins/). A test compares the
// committed page with the generated text, so run this after changing a builtin record.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { renderBuiltinReference } = await import('../server/src/core/builtins/reference-markdown.ts');
const out = fileURLToPath(new URL('../docs/builtins.md', import.meta.url));
writeFileSync(out, renderBuiltinReference());
console.log(`wrote ${out}`);
