namespace GoLive.Compliance.Evidence;

/// <summary>The plain-language README.md put in every pack.</summary>
internal static class EvidencePackReadme
{
    public const string Text = """
        # GoLive evidence pack

        This archive proves that the audit entries in it are exactly the ones recorded in the GoLive Compliance audit log,
        unchanged, at the positions given, in a log whose state was signed by the log's key.

        ## Check it (offline)

        - .NET:    `dotnet run --project tools/Compliance.Verify -- pack.zip [--key public-key.pem]`
        - Node.js: `node tools/verify-evidence-pack.mjs pack.zip [--key public-key.pem]` (Node 18+, no packages)

        Pass `--key` with the public key you obtained from the log operator (`GET /v1/keys` on the Compliance service): the copy
        inside the pack is only a convenience, and a pack signed by another key is then rejected. Both tools print `OK` or
        every problem found (which file, which entry), and exit with 1 on any problem.

        ## What is inside

        | file | what |
        |---|---|
        | `manifest.json` | what the pack covers, the tree size and root, and the SHA-256 of every other file |
        | `entries.jsonl` | one entry per line: `sequence`, `leaf` (the exact text hashed into the tree), `personal` and `salt` (the personal fields, unless pseudonymised: then `redacted`) |
        | `proof.json` | one proof for all the entries together (see below) |
        | `inclusion-proofs.jsonl` | for packs up to 10,000 entries: each entry's RFC 9162 inclusion proof |
        | `tree-head.json` | the signed tree head: `treeSize`, `rootHash`, `timestampMs`, `keyId`, `signature` |
        | `public-key.pem` | the log's ECDSA P-256 public key |

        ## How to check by hand

        1. Every file listed in `manifest.json` has the SHA-256 given there.
        2. The signature: ECDSA P-256 with SHA-256, IEEE P1363 form (r ‖ s, base64), over the UTF-8 text
           `golive-compliance-tree-head/v1\n{treeSize}\n{timestampMs}\n{rootHash}\n`; `keyId` is the hex SHA-256 of the DER public key.
        3. Each entry's leaf hash is SHA-256(0x00 ‖ UTF-8 bytes of `leaf`). The leaf holds `personalHash`, which must equal
           hex SHA-256(base64-decoded `salt` ‖ UTF-8 bytes of `personal`) when `personal` is present. Pseudonymised entries
           carry `redacted` instead; their leaf (and so every proof) is unchanged.
        4. Inclusion proofs follow RFC 9162 §2.1.3.2 with node hash SHA-256(0x01 ‖ left ‖ right).
        5. `proof.json`: split the range [0, treeSize) as RFC 9162 does (left part: the largest power of two below the size),
           recursively. A range holding no pack entry takes the next hash from `hashes`; a single-leaf range holding an entry
           is that entry's leaf hash; otherwise hash the two halves as a node. The result must be `rootHash` and every hash used.
        """;
}
