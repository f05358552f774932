namespace GoLive.Compliance;

/// <summary>The <c>Compliance</c> configuration section.</summary>
internal sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>How often a tree head is signed (only when the log grew since the last one).</summary>
    public TimeSpan TreeHeadInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Evidence packs carry per-entry inclusion proofs up to this many entries (beyond, the batch proof alone).</summary>
    public int PerEntryProofLimit { get; set; } = 10_000;

    /// <summary>Retention per data category (e.g. <c>checkout-ip: 90.00:00:00</c>).</summary>
    public Dictionary<string, TimeSpan> Retention { get; set; } = [];
}
