#!/usr/bin/env python3
"""Writes bucketing-vectors.json from an independent pure-Python XXH64, so the C# bucketing is checked against a second
implementation of the documented hash: bucket = XXH64(utf8(f"{flagKey}.{salt}.{bucketingKey}"), seed=0) % 100000."""
import json, struct

P1, P2, P3, P4, P5 = 11400714785074694791, 14029467366897019727, 1609587929392839161, 9650029242287828579, 2870177450012600261
M = (1 << 64) - 1
rotl = lambda x, r: ((x << r) | (x >> (64 - r))) & M
def rnd(acc, lane): return (rotl((acc + lane * P2) & M, 31) * P1) & M
def merge(acc, val): return (((acc ^ rnd(0, val)) * P1) + P4) & M

def xxh64(data, seed=0):
    n, i = len(data), 0
    if n >= 32:
        v = [(seed + P1 + P2) & M, (seed + P2) & M, seed, (seed - P1) & M]
        while i + 32 <= n:
            for j in range(4):
                v[j] = rnd(v[j], struct.unpack_from('<Q', data, i + 8 * j)[0])
            i += 32
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & M
        for x in v: h = merge(h, x)
    else:
        h = (seed + P5) & M
    h = (h + n) & M
    while i + 8 <= n:
        h = ((rotl(h ^ rnd(0, struct.unpack_from('<Q', data, i)[0]), 27) * P1) + P4) & M; i += 8
    if i + 4 <= n:
        h = ((rotl(h ^ ((struct.unpack_from('<I', data, i)[0] * P1) & M), 23) * P2) + P3) & M; i += 4
    while i < n:
        h = (rotl(h ^ ((data[i] * P5) & M), 11) * P1) & M; i += 1
    h ^= h >> 33; h = (h * P2) & M; h ^= h >> 29; h = (h * P3) & M; h ^= h >> 32
    return h

cases = [("new-checkout", "", "user-1"), ("new-checkout", "", "user-2"), ("new-checkout", "s1", "user-1"),
         ("dark-mode", "2026", "org-42"), ("payments.3ds", "", ""), ("k", "", "ü-ñ-中文"),
         ("a-long-flag-key-for-the-32-byte-path", "salt-value", "a-user-id-long-enough-to-cross-blocks-0123456789")]
cases += [("rollout", "x", f"user-{i}") for i in range(20)]
vectors = [{"flagKey": f, "salt": s, "bucketingKey": k,
            "hash": str(xxh64(f"{f}.{s}.{k}".encode())), "bucket": xxh64(f"{f}.{s}.{k}".encode()) % 100000}
           for f, s, k in cases]
assert xxh64(b"") == 0xEF46DB3751D8E999  # the reference value of XXH64("", 0)
json.dump({"algorithm": "XXH64(utf8(flagKey + '.' + salt + '.' + bucketingKey), seed 0) mod 100000", "vectors": vectors},
          open("bucketing-vectors.json", "w"), indent=2, ensure_ascii=False)
