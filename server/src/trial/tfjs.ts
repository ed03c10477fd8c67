// The trial engine gets TensorFlow.js from the numerics' single entry (tfjs-core plus the gradient
// registrations), so both share one engine and one backend.
export { tf } from '../numerics/tfjs.js';
