import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { requireSameShape } from '../checks.js';
import { KernelError, type Kernel, type KernelArgs, type T } from '../kernel.js';

// 3. Adversarial objectives on raw critic outputs, every term a mean over its own batch and every
// log-probability a softplus of a logit (never log σ), so a saturated critic (±30, ±100) keeps finite
// values and the true, tiny gradients of the saturating minimax game.

const mean = (x: T) => tf.mean(x);
const sp = O.softplus;

function kind(a: KernelArgs): string {
  return a.string('kind');
}

function unknownKind(fn: string, k: string): never {
  throw new KernelError(`${fn}: unknown kind "${k}" (expected ns, minimax, hinge, wgan or ls)`);
}

export const ADVERSARIAL_KERNELS: readonly Kernel[] = [
  {
    name: 'gan_g',
    run: (a) => {
      const f = a.tensor('fake');
      switch (kind(a)) {
        case 'ns': return mean(sp(tf.neg(f)));
        case 'minimax': return tf.neg(mean(sp(f)));
        case 'hinge':
        case 'wgan': return tf.neg(mean(f));
        case 'ls': return mean(tf.mul(0.5, tf.square(tf.sub(f, 1))));
        default: return unknownKind('gan_g', kind(a));
      }
    },
  },
  {
    name: 'gan_d',
    run: (a) => {
      const r = a.tensor('real');
      const f = a.tensor('fake');
      switch (kind(a)) {
        case 'ns':
        case 'minimax': return tf.add(mean(sp(tf.neg(r))), mean(sp(f)));
        case 'hinge': return tf.add(mean(O.relu(tf.sub(1, r))), mean(O.relu(tf.add(1, f))));
        case 'wgan': return tf.sub(mean(f), mean(r));
        case 'ls': return tf.add(mean(tf.mul(0.5, tf.square(tf.sub(r, 1)))), mean(tf.mul(0.5, tf.square(f))));
        default: return unknownKind('gan_d', kind(a));
      }
    },
  },
  {
    name: 'ragan_d',
    run: (a) => {
      const r = a.tensor('real');
      const f = a.tensor('fake');
      return tf.mul(0.5, tf.add(mean(sp(tf.neg(tf.sub(r, mean(f))))), mean(sp(tf.sub(f, mean(r))))));
    },
  },
  {
    name: 'ragan_g',
    run: (a) => {
      const r = a.tensor('real');
      const f = a.tensor('fake');
      return tf.mul(0.5, tf.add(mean(sp(tf.sub(r, mean(f)))), mean(sp(tf.neg(tf.sub(f, mean(r)))))));
    },
  },
  {
    name: 'rsgan_d',
    run: (a) => {
      const r = a.tensor('real');
      const f = a.tensor('fake');
      requireSameShape('rsgan_d', 'real', r, 'fake', f);
      return mean(sp(tf.neg(tf.sub(r, f))));
    },
  },
  {
    name: 'rsgan_g',
    run: (a) => {
      const r = a.tensor('real');
      const f = a.tensor('fake');
      requireSameShape('rsgan_g', 'real', r, 'fake', f);
      return mean(sp(tf.neg(tf.sub(f, r))));
    },
  },
];
