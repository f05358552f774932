#!/usr/bin/env node
// Checks a GoLive Compliance evidence pack offline with nothing but Node.js (18+) built-ins.
// usage: node tools/verify-evidence-pack.mjs <pack.zip> [--key <public-key.pem>]
// Exit code 0 = valid, 1 = problems found (each printed as FAIL: ...), 2 = usage or unreadable input.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const FORMAT = 'golive-evidence-pack/v1';
const REQUIRED = ['entries.jsonl', 'proof.json', 'tree-head.json', 'public-key.pem'];

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const hex = (buffer) => buffer.toString('hex');
const leafHash = (leaf) => sha256(Buffer.from([0]), Buffer.from(leaf, 'utf8'));
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);
const split = (n) => { let k = 1; while (k * 2 < n) k *= 2; return k; };

/** The files of a zip archive (stored or deflated), read from its central directory. */
function unzip(data) {
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 65557); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    if (data.readUInt32LE(local) !== 0x04034b50) throw new Error(`corrupt local header for ${name}`);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + compressed);
    if (method !== 0 && method !== 8) throw new Error(`${name}: unsupported compression method ${method}`);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** RFC 9162 §2.1.3.2. */
function verifyInclusion(index, size, leaf, path, root) {
  if (index < 0 || index >= size) return false;
  let fn = index, sn = size - 1, r = leaf;
  for (const p of path) {
    if (p.length !== 32 || sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** The root the batch proof leads to (see the pack's README), or null when hashes are missing or left over. */
function batchRoot(size, leaves, hashes) {
  let next = 0;
  const walk = (lo, hi, from, to) => {
    if (from === to) return next < hashes.length ? hashes[next++] : null;
    if (hi - lo === 1) return leaves[from].hash;
    const mid = lo + split(hi - lo);
    let cut = from;
    while (cut < to && leaves[cut].sequence < mid) cut++;
    const left = walk(lo, mid, from, cut);
    const right = left && walk(mid, hi, cut, to);
    return right ? nodeHash(left, right) : null;
  };
  const root = walk(0, size, 0, leaves.length);
  return next === hashes.length ? root : null;
}

function check(files, pinnedPem) {
  const problems = [];
  const missing = [...REQUIRED, 'manifest.json'].filter((name) => !files.has(name));
  if (missing.length) return { problems: [`malformed archive: missing ${missing.join(', ')}`] };
  const json = (name) => JSON.parse(files.get(name).toString('utf8'));
  const lines = (name) => files.get(name).toString('utf8').split('\n').filter((l) => l.length).map((l) => JSON.parse(l));

  const manifest = json('manifest.json');
  if (manifest.format !== FORMAT) problems.push(`manifest.json: unknown format '${manifest.format}'`);
  for (const [name, expected] of Object.entries(manifest.files ?? {})) {
    if (!files.has(name)) problems.push(`manifest mismatch: ${name} is listed but missing`);
    else if (hex(sha256(files.get(name))) !== expected) problems.push(`manifest mismatch: ${name} does not have the SHA-256 listed`);
  }
  for (const name of REQUIRED) if (!(name in (manifest.files ?? {}))) problems.push(`manifest mismatch: ${name} is not listed`);

  const head = json('tree-head.json');
  const packPem = files.get('public-key.pem').toString('utf8');
  const keyId = (pem) => hex(sha256(createPublicKey(pem).export({ type: 'spki', format: 'der' })));
  const key = pinnedPem ?? packPem;
  if (pinnedPem && keyId(pinnedPem) !== keyId(packPem)) problems.push('public-key.pem: not the pinned key');
  if (head.keyId !== keyId(key)) problems.push('tree-head.json: signed by another key (keyId differs)');
  const signed = `golive-compliance-tree-head/v1\n${head.treeSize}\n${head.timestampMs}\n${head.rootHash}\n`;
  const signatureOk = verify('sha256', Buffer.from(signed, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(head.signature, 'base64'));
  if (!signatureOk) problems.push('tree-head.json: the signature does not verify (wrong signature or altered head)');
  if (head.treeSize !== manifest.treeSize || head.rootHash !== manifest.rootHash) problems.push('manifest.json: tree size or root differs from tree-head.json');
  const root = Buffer.from(head.rootHash, 'hex');

  const leaves = [];
  let badPositions = false;
  for (const entry of lines('entries.jsonl')) {
    if (leaves.length && entry.sequence <= leaves.at(-1).sequence) { problems.push(`entry ${entry.sequence}: out of order or repeated`); badPositions = true; }
    if (entry.sequence < 0 || entry.sequence >= head.treeSize) { problems.push(`entry ${entry.sequence}: outside the tree of size ${head.treeSize}`); badPositions = true; }
    const committed = JSON.parse(entry.leaf).personalHash;
    const personalOk = entry.personal == null
      ? entry.redacted != null
      : entry.salt != null && hex(sha256(Buffer.from(entry.salt, 'base64'), Buffer.from(entry.personal, 'utf8'))) === committed;
    if (!personalOk) problems.push(`entry ${entry.sequence}: personal fields do not match the personalHash in its leaf`);
    leaves.push({ sequence: entry.sequence, hash: leafHash(entry.leaf) });
  }
  if (leaves.length !== manifest.entryCount) problems.push(`manifest.json: says ${manifest.entryCount} entries, entries.jsonl has ${leaves.length}`);

  if (files.has('inclusion-proofs.jsonl')) {
    const proofs = new Map(lines('inclusion-proofs.jsonl').map((p) => [p.sequence, p.path]));
    for (const leaf of leaves) {
      const path = proofs.get(leaf.sequence);
      if (!path) problems.push(`entry ${leaf.sequence}: no inclusion proof`);
      else if (!verifyInclusion(leaf.sequence, head.treeSize, leaf.hash, path.map((h) => Buffer.from(h, 'hex')), root)) {
        problems.push(`entry ${leaf.sequence}: inclusion proof does not lead to the signed root (entry or proof altered)`);
      }
    }
  }
  const batch = json('proof.json');
  if (leaves.length && !badPositions) {
    const computed = batchRoot(head.treeSize, leaves, batch.hashes.map((h) => Buffer.from(h, 'hex')));
    if (batch.treeSize !== head.treeSize || !computed || !computed.equals(root)) {
      problems.push('proof.json: the entries and proof hashes do not reproduce the signed root (an entry or the proof was altered)');
    }
  }
  return { problems, entries: leaves.length, treeSize: head.treeSize, rootHash: head.rootHash };
}

const args = process.argv.slice(2);
if (!(args.length === 1 || (args.length === 3 && args[1] === '--key'))) {
  console.error('usage: node verify-evidence-pack.mjs <pack.zip> [--key <public-key.pem>]');
  process.exit(2);
}
let input, pinned;
try {
  input = readFileSync(args[0]);
  pinned = args.length === 3 ? readFileSync(args[2], 'utf8') : undefined;
} catch (e) {
  console.error(`cannot read input: ${e.message}`);
  process.exit(2);
}
let report;
try {
  report = check(unzip(input), pinned);
} catch (e) {
  report = { problems: [`malformed archive: ${e.message}`] };
}
if (report.problems.length === 0) {
  console.log(`OK: ${report.entries} entries verified against the signed tree head of size ${report.treeSize}, root ${report.rootHash}`);
  process.exit(0);
}
for (const problem of report.problems) console.log(`FAIL: ${problem}`);
process.exit(1);
