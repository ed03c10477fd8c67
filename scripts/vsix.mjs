// Reads a .vsix (a zip archive) with Node alone: its entries, and extraction into a folder. Used by the
// packaging smoke test, the bench and the end-to-end test, which all check the file that ships.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** @returns {{ name: string, size: number, compressed: number, method: number, offset: number }[]} */
export function vsixEntries(buf) {
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${k}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    entries.push({ name, size, compressed, method, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

export function readEntry(buf, e) {
  const nameLen = buf.readUInt16LE(e.offset + 26), extraLen = buf.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLen + extraLen;
  const data = buf.subarray(start, start + e.compressed);
  if (e.method === 0) return Buffer.from(data);
  if (e.method === 8) return inflateRawSync(data);
  throw new Error(`${e.name}: unsupported compression method ${e.method}`);
}

/** Extracts every file of the .vsix into `dir`; returns the entries. */
export function extractVsix(file, dir) {
  const buf = readFileSync(file);
  const entries = vsixEntries(buf);
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const target = normalize(join(dir, e.name));
    if (!target.startsWith(normalize(dir))) throw new Error(`${e.name}: path outside the archive`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readEntry(buf, e));
  }
  return entries;
}
