// The one place the numerics (and everything built on them) get TensorFlow.js from.
//
// tfjs-core alone registers no gradients: tf.grad then fails with "gradient function not found". Its
// own `dist/register_all_gradients.js` is an ESM tree with extensionless imports that Node (and tsx)
// cannot load, so the registrations come from the union package's Node build, which registers every
// gradient in tfjs-core's global registry (shared by every copy of tfjs-core) when it is loaded.
import '@tensorflow/tfjs';

export * as tf from '@tensorflow/tfjs-core';
