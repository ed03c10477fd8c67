import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trialConstructors } from '../../src/core/builtins/trial-vocabulary.js';
import { METRICS } from '../../src/trial/metrics/registry.js';

// The checker says which metrics fit the data's task from the trial vocabulary; the engine refuses the
// others from its metric registry. The two must agree, or the editor would pass a trial the engine stops.

describe('metric tasks', () => {
  it('are the same in the trial vocabulary (checker, completion) and the engine', () => {
    const vocabulary = new Map(trialConstructors('metric').map((m) => [m.name, [...(m.tasks ?? [])].sort()]));
    assert.deepEqual([...vocabulary.keys()].sort(), METRICS.map((m) => m.name).sort());
    for (const m of METRICS) assert.deepEqual(vocabulary.get(m.name), [...m.tasks].sort(), m.name);
  });
});
