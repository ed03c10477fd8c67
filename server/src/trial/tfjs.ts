// The one place the trial engine gets TensorFlow.js from: tfjs-core (server/src/numerics/backend.ts picks
// and initialises the backend) plus the gradient registrations, without which tf.grad fails with
// "gradient function not found for Sum". tfjs-core ships those registrations only as extensionless ESM
// (dist/register_all_gradients.js), which Node cannot load; the @tensorflow/tfjs bundle carries them
// (registered into tfjs-core's global registry), at ~200 ms of one-time import.
import '@tensorflow/tfjs';
export * as tf from '@tensorflow/tfjs-core';
