using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GoLive.Compliance.Evidence;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.Compliance.Merkle;
using GoLive.ServiceDefaults.Audit;

// Usage: dotnet run -c Release --project bench/Compliance.Bench -- [merkle|pack|all] [--entries 1000000] [--rounds 9]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var packEntries = Option("--entries", 1_000_000);
var rounds = Option("--rounds", 9);
Console.WriteLine($"# Compliance.Bench {DateTimeOffset.UtcNow:u}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

if (scenario is "merkle" or "all") MerkleVsSha256(rounds);
if (scenario is "pack" or "all") EvidencePack(packEntries, Math.Max(3, rounds / 3));
return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

// Interleaved rounds: raw SHA-256 of each entry (the baseline), then the same entries appended to a Merkle tree
// (leaf hash plus the interior nodes each append completes). Throughput = entry bytes per second.
static void MerkleVsSha256(int rounds)
{
    const int count = 200_000;
    var entries = Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes(AuditEntry.From(Sample(i), i).Leaf)).ToArray();
    var bytes = entries.Sum(e => (long)e.Length);
    var raw = new List<double>();
    var reused = new List<double>();
    var merkle = new List<double>();
    using var context = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    Span<byte> hash = stackalloc byte[32];
    const int slice = 10_000;  // series alternate every 10,000 entries so machine noise hits them alike
    for (var round = -1; round < rounds; round++)  // round -1 warms up
    {
        var tree = new MerkleTree();
        double rawSeconds = 0, reusedSeconds = 0, merkleSeconds = 0;
        for (var from = 0; from < count; from += slice)
        {
            var part = entries.AsSpan(from, slice);
            var start = Stopwatch.GetTimestamp();
            foreach (var entry in part) SHA256.HashData(entry, hash);
            rawSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;

            start = Stopwatch.GetTimestamp();
            foreach (var entry in part)
            {
                context.AppendData(entry);
                context.GetHashAndReset(hash);
            }
            reusedSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;

            start = Stopwatch.GetTimestamp();
            foreach (var entry in part) tree.Append(entry);
            merkleSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        var rootStart = Stopwatch.GetTimestamp();
        _ = tree.RootHash();
        merkleSeconds += Stopwatch.GetElapsedTime(rootStart).TotalSeconds;
        if (round < 0) continue;
        raw.Add(bytes / rawSeconds / 1e6);
        reused.Add(bytes / reusedSeconds / 1e6);
        merkle.Add(bytes / merkleSeconds / 1e6);
    }
    var (rawMedian, reusedMedian, merkleMedian) = (Median(raw), Median(reused), Median(merkle));
    Console.WriteLine();
    Console.WriteLine($"## Merkle hashing vs raw SHA-256 ({count:N0} entries, mean {bytes / count} bytes, {rounds} interleaved rounds, medians)");
    Console.WriteLine("| series | MB/s of entries | entries/s |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| raw SHA-256 per entry (baseline) | {rawMedian:F0} | {rawMedian * 1e6 / (bytes / count):N0} |");
    Console.WriteLine($"| raw SHA-256 per entry, one reused context | {reusedMedian:F0} | {reusedMedian * 1e6 / (bytes / count):N0} |");
    Console.WriteLine($"| Merkle append (leaf + nodes) | {merkleMedian:F0} | {merkleMedian * 1e6 / (bytes / count):N0} |");
    Console.WriteLine($"| **ratio to SHA256.HashData** | **{merkleMedian / rawMedian:P0}** (target ≥ 50 %) | |");
    Console.WriteLine($"| ratio to the reused context | {merkleMedian / reusedMedian:P0} | |");
}

// One pack covering every entry of a 1,000,000-entry log: entries.jsonl, the batch proof, head, key, manifest, README,
// written to a temporary file. The entries are in memory (reading them from the state store is not measured).
static void EvidencePack(int count, int rounds)
{
    Console.WriteLine();
    Console.Write($"Building a log of {count:N0} entries… ");
    var setup = Stopwatch.GetTimestamp();
    var tree = new MerkleTree();
    var entries = new AuditEntry[count];
    for (var i = 0; i < count; i++)
    {
        entries[i] = AuditEntry.From(Sample(i), i);
        tree.AppendLeafHash(entries[i].LeafHash());
    }
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var head = SignedTreeHead.Sign(key, count, tree.RootHash(), DateTimeOffset.UtcNow);
    Console.WriteLine($"{Stopwatch.GetElapsedTime(setup).TotalSeconds:F1} s");

    var content = new EvidencePackContent(new EvidenceSelection(From: DateTimeOffset.UnixEpoch, To: DateTimeOffset.MaxValue), DateTimeOffset.UtcNow,
        head, key.ExportSubjectPublicKeyInfoPem(), entries, PerEntryProofs: false);
    var path = Path.Combine(Path.GetTempPath(), $"bench-pack-{Guid.NewGuid():N}.zip");
    var seconds = new List<double>();
    long size = 0;
    try
    {
        for (var round = 0; round < rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                EvidencePackWriter.Write(file, content, tree);
                size = file.Length;
            }
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        var verify = Stopwatch.GetTimestamp();
        using var pack = File.OpenRead(path);
        var report = EvidencePackVerifier.Verify(pack);
        var verifySeconds = Stopwatch.GetElapsedTime(verify).TotalSeconds;
        Console.WriteLine($"## Evidence pack over {count:N0} entries ({rounds} runs)");
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| generation, median | **{Median(seconds):F2} s** (target < 3 s) |");
        Console.WriteLine($"| generation, each run | {string.Join(" / ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s |");
        Console.WriteLine($"| pack size | {size / 1e6:F0} MB |");
        Console.WriteLine($"| offline verification (dotnet verifier) | {verifySeconds:F2} s, {(report.Valid ? "valid" : "INVALID: " + string.Join("; ", report.Problems))} |");
    }
    finally
    {
        File.Delete(path);
    }
}

static AuditEvent Sample(int i) =>
    new($"evt-{i:D9}", "payments", $"user-{i % 50_000}", "payout.approved", $"payouts/po_{i}", $"subject-{i % 100_000}", "payouts",
        AuditOutcomes.Success, $"corr-{i / 10}", DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture).AddSeconds(i),
        new Dictionary<string, string> { ["fields"] = "email,iban" });

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
