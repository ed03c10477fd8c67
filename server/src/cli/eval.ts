import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { analyze } from '../core/analysis/analyze.js';
import { LineIndex } from '../core/text/line-index.js';
import { nodeSourceHost } from '../core/workspace/node-host.js';
import { initBackend } from '../numerics/backend.js';
import { compileLoss, type CompiledLoss, type ContextValues, type ParamValue } from '../numerics/compile.js';
import { EvalError } from '../numerics/errors.js';
import { tensorFromJson, tensorToJson } from '../numerics/json-tensors.js';
import { roleProblem } from '../numerics/role-check.js';
import { findWorkspaceRoot } from './workspace-root.js';

// `losslab eval FILE --loss NAME --inputs INPUTS.json [--params JSON] [--context JSON] [--learn JSON]
// [--grad NAME]…` — evaluates one loss and prints {"value": number, "grad": {NAME: nested array}}.
// Every problem with the command (a missing input, a shape that does not fit its role, an unknown loss,
// malformed JSON, a file that does not check) is a clear message on stderr and exit code 2.

const USAGE = `usage: losslab eval FILE --loss NAME --inputs INPUTS.json [--params JSON] [--context JSON] [--learn JSON] [--grad NAME]…`;

/** A problem with the command's arguments or data: reported, exit 2. */
class UsageError extends Error {}

interface EvalArgs {
  readonly file: string;
  readonly loss: string;
  readonly inputs: string;
  readonly params?: string;
  readonly context?: string;
  readonly learn?: string;
  readonly grads: string[];
}

function parseArgs(args: readonly string[]): EvalArgs {
  const single: Record<string, string | undefined> = {};
  const grads: string[] = [];
  const files: string[] = [];
  const valued = new Set(['--loss', '--inputs', '--params', '--context', '--learn', '--grad']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (valued.has(flag)) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      if (flag === '--grad') grads.push(value);
      else if (single[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
      else single[flag] = value;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'no .loss file given' : `one .loss file expected, got ${files.length}`);
  if (!single['--loss']) throw new UsageError('--loss NAME is required');
  if (!single['--inputs']) throw new UsageError('--inputs INPUTS.json is required');
  return {
    file: files[0]!,
    loss: single['--loss'],
    inputs: single['--inputs'],
    ...(single['--params'] !== undefined ? { params: single['--params'] } : {}),
    ...(single['--context'] !== undefined ? { context: single['--context'] } : {}),
    ...(single['--learn'] !== undefined ? { learn: single['--learn'] } : {}),
    grads,
  };
}

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

function jsonObject(what: string, text: string): Record<string, unknown> {
  const v = parseJson(what, text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`${what} must be a JSON object ({"name": value, …})`);
  return v as Record<string, unknown>;
}

function readText(what: string, file: string): string {
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${what} ${file} is a directory`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

function toTensor(what: string, v: unknown): tf.Tensor {
  try {
    return tensorFromJson(what, v);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function parseParams(text: string | undefined): Record<string, ParamValue> {
  if (text === undefined) return {};
  const o = jsonObject('--params', text);
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) out[k] = v as number[];
    else throw new UsageError(`--params: '${k}' must be a number or a vector of numbers, found ${JSON.stringify(v)}`);
  }
  return out;
}

function parseContext(text: string | undefined): ContextValues {
  if (text === undefined) return {};
  const o = jsonObject('--context', text);
  const ctx: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    switch (k) {
      case 'progress':
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new UsageError(`--context: progress must be a number in [0, 1], found ${JSON.stringify(v)}`);
        ctx[k] = v;
        break;
      case 'step':
      case 'num_classes':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < (k === 'step' ? 0 : 1)) throw new UsageError(`--context: ${k} must be an integer ≥ ${k === 'step' ? 0 : 1}, found ${JSON.stringify(v)}`);
        ctx[k] = v;
        break;
      case 'class_counts': {
        const t = toTensor('--context class_counts', v);
        if (t.rank !== 1) throw new UsageError('--context: class_counts must be a vector of per-class counts');
        if (Array.from(t.dataSync()).some((c) => !(c > 0))) throw new UsageError('--context: class_counts must be positive');
        ctx[k] = t;
        break;
      }
      case 'weights':
        ctx[k] = toTensor('--context weights', v);
        break;
      default:
        throw new UsageError(`--context: unknown context value '${k}' (known: progress, step, num_classes, class_counts, weights)`);
    }
  }
  return ctx as ContextValues;
}

function located(file: string, text: string, err: EvalError): string {
  if (!err.span) return err.message;
  const where = err.file ?? file;
  let source = text;
  if (err.file) {
    try {
      source = readFileSync(err.file, 'utf8');
    } catch {
      return `${where}: ${err.message}`;
    }
  }
  const pos = new LineIndex(source).rangeOf(err.span).start;
  return `${where}:${pos.line + 1}:${pos.character + 1}: ${err.message}`;
}

function evaluate(a: EvalArgs): { output: string; notes: string[] } {
  const abs = path.resolve(a.file);
  const text = readText('the file', abs);
  const analysis = analyze(text, { path: abs, workspaceRoot: findWorkspaceRoot(abs), host: nodeSourceHost });
  const lines = new LineIndex(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const shown = errors.map((d) => {
      const p = lines.rangeOf(d.span).start;
      return `${a.file}:${p.line + 1}:${p.character + 1} error ${d.code} ${d.message}`;
    });
    throw new UsageError(`${a.file} does not check (${errors.length} error${errors.length > 1 ? 's' : ''}):\n${shown.join('\n')}`);
  }
  const params = parseParams(a.params);
  const context = parseContext(a.context);
  const inputsJson = jsonObject(`--inputs ${a.inputs}`, readText('--inputs', a.inputs));

  let loss: CompiledLoss;
  try {
    loss = compileLoss(analysis, a.loss, { params });
  } catch (e) {
    if (e instanceof EvalError) throw new UsageError(located(a.file, text, e));
    throw e;
  }

  const inputs: Record<string, tf.Tensor> = {};
  for (const spec of loss.inputs) {
    if (!(spec.name in inputsJson)) {
      throw new UsageError(`--inputs: missing input '${spec.name}' (${spec.role}) of loss '${loss.name}'; it needs ${loss.inputs.map((i) => `${i.name} (${i.role})`).join(', ')}`);
    }
    const t = toTensor(`--inputs: '${spec.name}'`, inputsJson[spec.name]);
    const problem = roleProblem(spec.name, spec.role, t);
    if (problem) throw new UsageError(`--inputs: ${problem}`);
    inputs[spec.name] = t;
  }
  const extra = Object.keys(inputsJson).filter((n) => !loss.inputs.some((i) => i.name === n));
  if (extra.length) throw new UsageError(`--inputs: loss '${loss.name}' has no input ${extra.map((n) => `'${n}'`).join(', ')} (its inputs: ${loss.inputs.map((i) => i.name).join(', ') || 'none'})`);

  try {
    const state = { context };
    const { specs } = disposeValues(loss.learnables(inputs, state));
    const learn: Record<string, tf.Tensor> = {};
    if (a.learn !== undefined) {
      for (const [k, v] of Object.entries(jsonObject('--learn', a.learn))) {
        const spec = specs.find((s) => s.name === k);
        if (!spec) throw new UsageError(`--learn: loss '${loss.name}' has no learn value '${k}'${specs.length ? ` (its learn values: ${specs.map((s) => s.name).join(', ')})` : ''}`);
        const t = toTensor(`--learn: '${k}'`, v);
        if (t.shape.join(',') !== spec.shape.join(',')) throw new UsageError(`--learn: '${k}' must have shape [${spec.shape.join(', ')}], got [${t.shape.join(', ')}]`);
        learn[k] = t;
      }
    }
    const grads = [...new Set(a.grads)];
    for (const g of grads) {
      if (!loss.inputs.some((i) => i.name === g) && !specs.some((s) => s.name === g)) {
        const known = [...loss.inputs.map((i) => i.name), ...specs.map((s) => s.name)];
        throw new UsageError(`--grad: '${g}' is neither an input nor a learn value of '${loss.name}' (choose from: ${known.join(', ')})`);
      }
    }
    const r = loss.valueAndGrads(inputs, grads, { ...state, learn });
    const value = r.value.dataSync()[0]!;
    const notes: string[] = [];
    if (!Number.isFinite(value)) notes.push(`the value is ${value} (printed as null)`);
    const gradJson: Record<string, unknown> = {};
    for (const g of grads) {
      const t = r.grads[g]!;
      gradJson[g] = tensorToJson(t);
      const bad = Array.from(t.dataSync()).filter((x) => !Number.isFinite(x)).length;
      if (bad) notes.push(`${bad} entr${bad > 1 ? 'ies' : 'y'} of the gradient of '${g}' ${bad > 1 ? 'are' : 'is'} not finite (printed as null)`);
    }
    tf.dispose([r.value, ...Object.values(r.grads)]);
    return { output: JSON.stringify({ value: Number.isFinite(value) ? value : null, grad: gradJson }), notes };
  } catch (e) {
    if (e instanceof EvalError) throw new UsageError(located(a.file, text, e));
    throw e;
  }
}

function disposeValues<R extends { values: Record<string, tf.Tensor> }>(r: R): R {
  tf.dispose(Object.values(r.values));
  return r;
}

export async function runEval(args: string[]): Promise<number> {
  let parsed: EvalArgs;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    process.stderr.write(`losslab eval: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const backend = await initBackend();
  if (backend.fallbackReason && backend.name === 'cpu') {
    process.stderr.write(`losslab eval: running on the ${backend.name} backend (${backend.fallbackReason})\n`);
  }
  try {
    const { output, notes } = evaluate(parsed);
    for (const n of notes) process.stderr.write(`losslab eval: note: ${n}\n`);
    process.stdout.write(`${output}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`losslab eval: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
