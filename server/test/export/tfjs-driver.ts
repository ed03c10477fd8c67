import * as tf from '@tensorflow/tfjs';
import { pathToFileURL } from 'node:url';

// Runs generated TensorFlow.js export modules: reads a JSON list of cases on stdin (module path, loss
// function, inputs, names to differentiate, hyperparameters, context, learn values), prints a JSON list
// of {value, grad} or {error}. Differentiates by tf.variableGrads over the inputs and learned variables.

interface DriverCase {
  module: string;
  fn: string;
  type: string;
  order: string[];
  inputs: Record<string, unknown>;
  grads: string[];
  hyper: Record<string, unknown>;
  context: Record<string, unknown>;
  learn: Record<string, number>;
}

async function run(c: DriverCase): Promise<unknown> {
  const mod = (await import(pathToFileURL(c.module).href)) as Record<string, (...args: unknown[]) => unknown>;
  const vars: Record<string, tf.Variable> = {};
  const inputs = c.order.map((n) => {
    const t = tf.tensor(c.inputs[n] as number[]);
    if (c.grads.includes(n)) return (vars[n] = tf.variable(t));
    return t;
  });
  const create = mod[`create${c.type}Learned`];
  const learned = create ? (create(c.hyper) as Record<string, tf.Variable>) : undefined;
  for (const [k, v] of Object.entries(c.learn)) learned![k]!.assign(tf.scalar(v));
  for (const g of c.grads) if (!vars[g] && learned?.[g]) vars[g] = learned[g]!;
  const context = { ...c.context };
  if (Array.isArray(context.weights)) context.weights = tf.tensor(context.weights as number[][]);
  const options = { hyper: c.hyper, context, ...(learned ? { learned } : {}) };
  const f = () => mod[c.fn]!(...inputs, options) as tf.Scalar;
  const { value, grads } = tf.variableGrads(f, Object.values(vars));
  const grad: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(vars)) grad[name] = grads[variable.name] ? grads[variable.name]!.arraySync() : tf.zerosLike(variable).arraySync();
  return { value: value.dataSync()[0], grad };
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  await tf.setBackend('cpu');
  const out: unknown[] = [];
  for (const c of JSON.parse(input) as DriverCase[]) {
    try {
      out.push(await run(c));
    } catch (e) {
      out.push({ error: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
