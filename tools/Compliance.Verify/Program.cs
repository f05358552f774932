using GoLive.Compliance.Evidence;

// Checks a GoLive evidence pack offline; exit code 0 = valid, 1 = problems found, 2 = usage or unreadable input.
if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--key"))
{
    Console.Error.WriteLine("usage: Compliance.Verify <pack.zip> [--key <public-key.pem>]");
    return 2;
}

string? pinnedKey = null;
try
{
    if (args.Length == 3) pinnedKey = File.ReadAllText(args[2]);
    await using var pack = File.OpenRead(args[0]);
    var report = EvidencePackVerifier.Verify(pack, pinnedKey);
    if (report.Valid)
    {
        Console.WriteLine($"OK: {report.Entries} entries verified against the signed tree head of size {report.TreeSize}, root {report.RootHash}");
        return 0;
    }
    foreach (var problem in report.Problems) Console.WriteLine($"FAIL: {problem}");
    return 1;
}
catch (IOException e)
{
    Console.Error.WriteLine($"cannot read input: {e.Message}");
    return 2;
}
