import * as tf from '@tensorflow/tfjs-core';
import './tfjs.js';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Chooses and initialises the TensorFlow.js backend once per process, and says which one runs.
// Order: `tensorflow` (tfjs-node, only when it is installed: it cannot be a hard dependency because its
// install script downloads libtensorflow), then `wasm` (the default: 2–5× faster than `cpu` on small
// batches), then `cpu` — and a fallback is always reported, never silent.

export type BackendName = 'wasm' | 'cpu' | 'tensorflow';

export interface BackendInfo {
  readonly name: BackendName;
  /** Why the preferred backend is not the one in use (absent when nothing went wrong). */
  readonly fallbackReason?: string;
}

/** Environment variable that forces a backend (`wasm`, `cpu` or `tensorflow`), for tests and comparisons. */
export const BACKEND_ENV = 'LOSSLAB_BACKEND';
/** Environment variable naming the folder of the .wasm binaries (overrides the search). */
export const WASM_DIR_ENV = 'LOSSLAB_WASM_DIR';

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

let selected: Promise<BackendInfo> | undefined;

/** Initialises the backend (once; later calls return the same answer). */
export function initBackend(): Promise<BackendInfo> {
  selected ??= choose();
  return selected;
}

/** The backend in use, or undefined when `initBackend` has not finished. */
export function currentBackend(): BackendName | undefined {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu' || name === 'tensorflow' ? name : undefined;
}

async function choose(): Promise<BackendInfo> {
  const forced = process.env[BACKEND_ENV];
  if (forced !== undefined && forced !== '' && forced !== 'wasm' && forced !== 'cpu' && forced !== 'tensorflow') {
    throw new Error(`${BACKEND_ENV}=${forced}: expected wasm, cpu or tensorflow`);
  }
  const reasons: string[] = [];
  if (forced === 'cpu') return useCpu(`${BACKEND_ENV}=cpu`);

  if (forced === undefined || forced === '' || forced === 'tensorflow') {
    const r = await tryNode();
    if (r === true) return { name: 'tensorflow' };
    if (forced === 'tensorflow') reasons.push(r);
  }

  const w = await tryWasm();
  if (w === true) return reasons.length ? { name: 'wasm', fallbackReason: reasons.join('; ') } : { name: 'wasm' };
  reasons.push(w);
  return useCpu(reasons.join('; '));
}

async function useCpu(reason: string): Promise<BackendInfo> {
  if (!tf.findBackendFactory('cpu')) tf.registerBackend('cpu', () => new MathBackendCPU(), 1);
  if (!(await tf.setBackend('cpu'))) throw new Error(`no TensorFlow.js backend could be initialised (${reason})`);
  await tf.ready();
  return { name: 'cpu', fallbackReason: reason };
}

/** tfjs-node registers its backend in tfjs-core's global engine (shared by every copy of tfjs-core). */
async function tryNode(): Promise<true | string> {
  const req = requireHere();
  try {
    req.resolve('@tensorflow/tfjs-node');
  } catch {
    return '@tensorflow/tfjs-node is not installed';
  }
  try {
    req('@tensorflow/tfjs-node');
    if (!tf.findBackendFactory('tensorflow')) return '@tensorflow/tfjs-node loaded but registered no backend';
    if (!(await tf.setBackend('tensorflow'))) return '@tensorflow/tfjs-node failed to initialise';
    await tf.ready();
    return true;
  } catch (e) {
    return `@tensorflow/tfjs-node failed to load: ${e instanceof Error ? e.message : String(e)}`;
  }
}

async function tryWasm(): Promise<true | string> {
  const dir = wasmDirectory();
  if (!dir) {
    const forced = process.env[WASM_DIR_ENV];
    return forced
      ? `${WASM_DIR_ENV}=${forced} holds no ${WASM_FILE}`
      : `the wasm binaries (${WASM_FILE}) were not found next to the program nor in @tensorflow/tfjs-backend-wasm`;
  }
  const before = processHandlers();
  try {
    setWasmPaths(dir.endsWith(path.sep) ? dir : dir + path.sep);
    if (!(await tf.setBackend('wasm'))) return `the wasm backend failed to initialise from ${dir}`;
    await tf.ready();
    return true;
  } catch (e) {
    return `the wasm backend failed to initialise: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    removeHandlersAddedSince(before);
  }
}

type Listener = (...args: never[]) => unknown;
interface Handlers {
  readonly exception: readonly Listener[];
  readonly rejection: readonly Listener[];
}

function processHandlers(): Handlers {
  return { exception: process.listeners('uncaughtException'), rejection: process.listeners('unhandledRejection') };
}

/**
 * The emscripten glue of the wasm backend installs process-wide handlers that rethrow every uncaught
 * exception and turn every unhandled rejection into a crash (printing a megabyte of minified source).
 * Error handling belongs to the program, so they are removed again.
 */
function removeHandlersAddedSince(before: Handlers): void {
  for (const l of process.listeners('uncaughtException')) if (!before.exception.includes(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!before.rejection.includes(l)) process.off('unhandledRejection', l);
}

/**
 * Where the .wasm binaries are: `LOSSLAB_WASM_DIR`; else a `wasm/` folder next to the running bundle, or
 * the bundle's own folder (a packaged extension must ship them there: a .vsix carries no node_modules);
 * else the installed package's `dist/`.
 */
export function wasmDirectory(): string | undefined {
  const forced = process.env[WASM_DIR_ENV];
  if (forced) return existsSync(path.join(forced, WASM_FILE)) ? forced : undefined;
  const candidates: string[] = [];
  const here = hereFile();
  if (here) candidates.push(path.join(path.dirname(here), 'wasm'), path.dirname(here));
  try {
    candidates.push(path.join(path.dirname(requireHere().resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    /* not installed: only the bundled copy can work */
  }
  return candidates.find((d) => existsSync(path.join(d, WASM_FILE)));
}

function hereFile(): string | undefined {
  try {
    return fileURLToPath(import.meta.url);
  } catch {
    return undefined;
  }
}

function requireHere(): NodeRequire {
  return createRequire(import.meta.url);
}
