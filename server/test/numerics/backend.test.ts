import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ENV, currentBackend, initBackend, WASM_DIR_ENV, wasmDirectory } from '../../src/numerics/backend.js';

// The backend: wasm by default (its binaries found at run time), tfjs-node only when installed, cpu
// only as a reported fallback, and the answer always says which one runs.


test('wasm is the default backend, with its binaries found next to the bundle or in the package', async () => {
  const info = await initBackend();
  assert.equal(info.name, 'wasm');
  assert.equal(currentBackend(), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.match(wasmDirectory() ?? '', /tfjs-backend-wasm[/\\]dist$|[/\\]wasm$/);
  assert.equal(await initBackend(), info, 'initialised once');
});

test('tfjs-node is reported as absent when it is not installed, and wasm runs instead', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    "import { initBackend } from './server/src/numerics/backend.ts'; console.log(JSON.stringify(await initBackend()));"], {
    encoding: 'utf8', env: { ...process.env, [BACKEND_ENV]: 'tensorflow' },
  });
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(info.name, 'wasm');
  assert.match(info.fallbackReason, /tfjs-node is not installed/);
});

test('the cpu backend is only used when asked for or when wasm fails, and then says why', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    "import { initBackend } from './server/src/numerics/backend.ts'; console.log(JSON.stringify(await initBackend()));"], {
    encoding: 'utf8', env: { ...process.env, [BACKEND_ENV]: 'cpu' },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { name: 'cpu', fallbackReason: `${BACKEND_ENV}=cpu` });
});

test('when the wasm binaries cannot be loaded, cpu runs and the reason is reported', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    "import { initBackend } from './server/src/numerics/backend.ts'; console.log(JSON.stringify(await initBackend()));"], {
    encoding: 'utf8', env: { ...process.env, [WASM_DIR_ENV]: '/nonexistent' },
  });
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(info.name, 'cpu');
  assert.match(info.fallbackReason, /LOSSLAB_WASM_DIR=\/nonexistent holds no tfjs-backend-wasm-simd\.wasm/);
});

test('an unknown forced backend is an error, not a silent choice', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    "import { initBackend } from './server/src/numerics/backend.ts'; await initBackend();"], {
    encoding: 'utf8', env: { ...process.env, [BACKEND_ENV]: 'webgl' },
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /LOSSLAB_BACKEND=webgl: expected wasm, cpu or tensorflow/);
});
