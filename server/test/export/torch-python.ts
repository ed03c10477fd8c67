import { spawnSync } from 'node:child_process';

// The Python that has torch: Debian's python3-torch installs into /usr/bin/python3, while a pyenv or
// virtualenv `python3` earlier on PATH may not see it. LOSSLAB_PYTHON overrides. When none has torch the
// tests that need it fail with this message (CI installs python3-torch in .ci/run), never skip.

let cached: string | undefined;

export function torchPython(): string {
  if (cached) return cached;
  const candidates = [process.env.LOSSLAB_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) {
      cached = c;
      return c;
    }
  }
  throw new Error(
    `no Python with torch found (tried ${candidates.join(', ')}): install Debian's python3-torch ` +
      '(apt-get update && apt-get install -y python3-torch) or set LOSSLAB_PYTHON',
  );
}

/** Runs python with args and stdin; throws with stderr on a non-zero exit. */
export function runPython(args: string[], input?: string): string {
  const r = spawnSync(torchPython(), args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}
