import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { exportLoss } from '../../src/export/export-loss.js';
import { runPython } from './torch-python.js';

// The exported module in the setting it is for: DistributedDataParallel on two CPU ranks (gloo), the
// criterion with a learn value inside the wrapped module. Each rank sees different data; after backward
// the gradients of the model and of the learn value are the same on both ranks (averaged by DDP), and
// equal the single-process gradient of the mean of the two ranks' losses.

const SOURCE = `loss weighted(z: logits, y: labels, x: target, u: target) {
  learn s = 0.2
  return exp(-s) * ce(z, y) + s + mse(x, u)
}`;

const SCRIPT = `
import importlib.util, json, os, sys, tempfile
import torch, torch.distributed as dist, torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel as DDP

def load(path):
    spec = importlib.util.spec_from_file_location("exported", path)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m

class Net(torch.nn.Module):
    def __init__(self, criterion):
        super().__init__()
        torch.manual_seed(0)
        self.body = torch.nn.Linear(2, 4)
        self.criterion = criterion
    def forward(self, x, y, t):
        out = self.body(x)
        return self.criterion(out[:, :3], y, out[:, 3], t)

def data(rank):
    g = torch.Generator().manual_seed(10 + rank)
    return torch.randn(6, 2, generator=g), torch.randint(0, 3, (6,), generator=g).double(), torch.randn(6, generator=g)

def grads(net):
    return [p.grad.detach().clone().reshape(-1).tolist() for p in net.parameters()]

def worker(rank, module_path, init_file, out_dir):
    torch.set_default_dtype(torch.float64)
    dist.init_process_group("gloo", init_method="file://" + init_file, rank=rank, world_size=2)
    m = load(module_path)
    net = DDP(Net(m.Weighted()))
    loss = net(*data(rank))
    loss.backward()
    with open(os.path.join(out_dir, "rank%d.json" % rank), "w") as f:
        json.dump({"grads": grads(net.module), "s_grad": float(net.module.criterion.s.grad)}, f)
    dist.destroy_process_group()

if __name__ == "__main__":
    module_path = sys.argv[1]
    out_dir = tempfile.mkdtemp()
    init_file = os.path.join(out_dir, "init")
    mp.spawn(worker, args=(module_path, init_file, out_dir), nprocs=2, join=True)
    torch.set_default_dtype(torch.float64)
    m = load(module_path)
    single = Net(m.Weighted())
    total = 0.5 * (single(*data(0)) + single(*data(1)))
    total.backward()
    ranks = [json.load(open(os.path.join(out_dir, "rank%d.json" % r))) for r in range(2)]
    print(json.dumps({"ranks": ranks, "single": {"grads": grads(single), "s_grad": float(single.criterion.s.grad)}}))
`;

describe('PyTorch export under DistributedDataParallel', () => {
  test('two gloo ranks: learn-value and model gradients are averaged like a single process on both batches', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'losslab-export-ddp-'));
    const module = path.join(dir, 'weighted.py');
    writeFileSync(module, exportLoss(analyze(SOURCE), 'weighted', 'pytorch').code);
    const script = path.join(dir, 'ddp.py');
    writeFileSync(script, SCRIPT);
    const out = JSON.parse(runPython([script, module])) as {
      ranks: { grads: number[][]; s_grad: number }[];
      single: { grads: number[][]; s_grad: number };
    };
    const [a, b] = out.ranks;
    assert.deepEqual(a!.grads, b!.grads);
    assert.equal(a!.s_grad, b!.s_grad);
    assert.ok(Math.abs(a!.s_grad) > 1e-6, `s gradient ${a!.s_grad}`);
    assert.ok(Math.abs(a!.s_grad - out.single.s_grad) < 1e-12, `${a!.s_grad} vs ${out.single.s_grad}`);
    a!.grads.flat().forEach((g, i) => assert.ok(Math.abs(g - out.single.grads.flat()[i]!) < 1e-12, `grad ${i}`));
  });
});
