namespace GoLive.Status.Bench;

/// <summary>What else the machine was doing: other engineers build on the same cores.</summary>
internal static class Machine
{
    /// <summary>Where results go (the terminal), while the apps' own console output is discarded.</summary>
    public static TextWriter Report { get; set; } = Console.Out;

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
