namespace GoLive.Status.Samples;

/// <summary>Limits on what ingest accepts (section <c>Status:Ingest</c>).</summary>
internal sealed class IngestOptions
{
    public const string Section = "Status:Ingest";

    public int MaxSamplesPerBatch { get; set; } = 10_000;

    /// <summary>Request bodies above this are refused with 413 before they are read.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How old a sample may be; older ones would land in buckets already rolled up and reported.</summary>
    public TimeSpan MaxSampleAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How far ahead of the server clock a sample may be (client clock skew).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
