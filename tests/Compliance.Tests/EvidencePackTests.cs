using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GoLive.Compliance.Evidence;
using GoLive.Compliance.Heads;
using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Tests;

public sealed class EvidencePackTests
{
    /// <summary>Alterations of a valid pack and what a verifier must say about each.</summary>
    public static IEnumerable<(string Name, Func<byte[], byte[]> Alter, string Expected)> Alterations()
    {
        yield return ("altered entry", pack => new EvidencePackFiles(pack)
            .EditLine(EvidencePackFormat.Entries, 1, e => EvidencePackFiles.ReplaceLeafText(e, "payout.approved", "payout.cancelled")).Rehash().Zip(),
            "inclusion proof does not lead to the signed root");
        yield return ("altered personal fields", pack => new EvidencePackFiles(pack)
            .EditLine(EvidencePackFormat.Entries, 0, e => { e["personal"] = e["personal"]!.GetValue<string>().Replace("user-1", "user-9", StringComparison.Ordinal); return e; })
            .Rehash().Zip(),
            "personal fields do not match");
        yield return ("altered proof", pack => new EvidencePackFiles(pack)
            .EditLine(EvidencePackFormat.InclusionProofs, 2, p => { p["path"]![0] = new string('a', 64); return p; }).Rehash().Zip(),
            "inclusion proof does not lead to the signed root");
        yield return ("altered batch proof", pack => new EvidencePackFiles(pack)
            .EditJson(EvidencePackFormat.BatchProof, p => p["hashes"]![0] = new string('b', 64)).Rehash().Zip(),
            "proof.json: the entries and proof hashes do not reproduce the signed root");
        yield return ("wrong signature", pack => new EvidencePackFiles(pack)
            .EditJson(EvidencePackFormat.TreeHead, h => h["signature"] = Convert.ToBase64String(new byte[64])).Rehash().Zip(),
            "the signature does not verify");
        yield return ("manifest mismatch", pack => new EvidencePackFiles(pack)
            .EditLine(EvidencePackFormat.Entries, 0, e => EvidencePackFiles.ReplaceLeafText(e, "payouts", "refunds")).Zip(),
            "manifest mismatch: entries.jsonl");
        yield return ("missing file", pack => new EvidencePackFiles(pack).Remove(EvidencePackFormat.TreeHead).Zip(),
            "malformed archive: missing tree-head.json");
        yield return ("not a zip", pack => Encoding.UTF8.GetBytes("this is not an archive"), "malformed archive");
        yield return ("truncated zip", pack => pack[..(pack.Length / 2)], "malformed archive");
    }

    [Fact]
    public async Task A_pack_for_a_subject_holds_only_their_entries_verifies_and_its_creation_is_audited()
    {
        var (pack, f) = await BuildAsync(new EvidenceSelection(Subject: "user-1"));
        Assert.Equal("evidence-pack.created", (await f.Log.ReadAsync([f.Log.Size - 1]))[0].Fields().Action);
        var report = EvidencePackVerifier.Verify(new MemoryStream(pack));
        Assert.True(report.Valid, string.Join("; ", report.Problems));
        Assert.Equal((5L, 20L), (report.Entries, report.TreeSize));
        var files = new EvidencePackFiles(pack);
        Assert.DoesNotContain("user-2", files.Text(EvidencePackFormat.Entries), StringComparison.Ordinal);
        Assert.Contains("How to check by hand", files.Text(EvidencePackFormat.Readme), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Packs_for_a_case_and_for_a_time_range_verify()
    {
        var (byCase, _) = await BuildAsync(new EvidenceSelection(CorrelationId: "corr-2"));
        var from = DateTimeOffset.Parse("2026-11-23T08:03:00Z");
        var (byTime, _) = await BuildAsync(new EvidenceSelection(From: from, To: from.AddMinutes(10)));
        Assert.Equal(4, EvidencePackVerifier.Verify(new MemoryStream(byCase)).Entries);
        var report = EvidencePackVerifier.Verify(new MemoryStream(byTime));
        Assert.True(report.Valid);
        Assert.Equal(10, report.Entries);
    }

    [Fact]
    public async Task Every_alteration_is_reported_with_what_failed()
    {
        var (pack, _) = await BuildAsync(new EvidenceSelection(Subject: "user-1"));
        foreach (var (name, alter, expected) in Alterations())
        {
            var report = EvidencePackVerifier.Verify(new MemoryStream(alter(pack)));
            Assert.False(report.Valid, name);
            Assert.True(report.Problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"{name}: {string.Join("; ", report.Problems)}");
        }
    }

    [Fact]
    public async Task A_pack_checked_against_a_pinned_key_fails_when_signed_by_another_key()
    {
        var (pack, _) = await BuildAsync(new EvidenceSelection(Subject: "user-1"));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var report = EvidencePackVerifier.Verify(new MemoryStream(pack), other.ExportSubjectPublicKeyInfoPem());
        Assert.Contains("public-key.pem: not the pinned key", report.Problems);
        Assert.Contains(report.Problems, p => p.Contains("signature does not verify", StringComparison.Ordinal));
        Assert.True(EvidencePackVerifier.Verify(new MemoryStream(pack), FixedSigningKey.Shared.ExportSubjectPublicKeyInfoPem()).Valid);
    }

    [Fact]
    public async Task A_selection_that_matches_nothing_writes_no_pack()
    {
        var f = new LogFixture();
        await f.AppendAsync(3);
        var packs = new EvidencePacks(f.Log, f.Heads, Options.Create(new ComplianceOptions()), f.Time);
        Assert.False(await packs.WriteAsync(new EvidenceSelection(Subject: "nobody"), new MemoryStream()));
        Assert.NotNull(new EvidenceSelection().Error());
        Assert.NotNull(new EvidenceSelection(Subject: "a", CorrelationId: "b").Error());
        Assert.NotNull(new EvidenceSelection(From: DateTimeOffset.UnixEpoch).Error());
    }

    [Fact]
    public async Task The_dotnet_verifier_tool_prints_OK_or_each_failure_and_sets_its_exit_code()
    {
        var (pack, _) = await BuildAsync(new EvidenceSelection(Subject: "user-1"));
        var (okCode, okOutput) = RunTool("dotnet", Path.Combine(AppContext.BaseDirectory, "Compliance.Verify.dll"), pack);
        Assert.Equal(0, okCode);
        Assert.StartsWith("OK: 5 entries", okOutput, StringComparison.Ordinal);
        var altered = Alterations().First(a => a.Name == "wrong signature");
        var (failCode, failOutput) = RunTool("dotnet", Path.Combine(AppContext.BaseDirectory, "Compliance.Verify.dll"), altered.Alter(pack));
        Assert.Equal(1, failCode);
        Assert.Contains(altered.Expected, failOutput, StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task The_node_verifier_accepts_a_valid_pack_and_reports_every_alteration()
    {
        var script = Path.Combine(RequiredTools.RepositoryRoot, "tools", "verify-evidence-pack.mjs");
        var (pack, _) = await BuildAsync(new EvidenceSelection(Subject: "user-1"));
        var (okCode, okOutput) = RunTool("node", script, pack);
        Assert.True(okCode == 0, okOutput);
        Assert.StartsWith("OK: 5 entries", okOutput, StringComparison.Ordinal);
        foreach (var (name, alter, expected) in Alterations())
        {
            var (code, output) = RunTool("node", script, alter(pack));
            Assert.True(code == 1, $"{name}: exit {code}: {output}");
            Assert.True(output.Contains(expected, StringComparison.Ordinal), $"{name}: {output}");
        }
    }

    internal static async Task<(byte[] Pack, LogFixture Fixture)> BuildAsync(EvidenceSelection selection, LogFixture? fixture = null)
    {
        var f = fixture ?? new LogFixture();
        if (fixture is null) await f.AppendAsync(20);
        var packs = new EvidencePacks(f.Log, f.Heads, Options.Create(new ComplianceOptions()), f.Time);
        using var output = new MemoryStream();
        Assert.True(await packs.WriteAsync(selection, output));
        return (output.ToArray(), f);
    }

    private static (int Code, string Output) RunTool(string program, string script, byte[] pack)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pack-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, pack);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, [script, path])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
