namespace GoLive.Status.Samples;

/// <summary>
/// A batch as clients send it (to <c>POST /v1/samples</c> or on topic <c>status-samples</c>). An optional <c>id</c>
/// makes a redelivered batch count once (remembered for the last 10,000 batches of this process).
/// </summary>
internal sealed record SampleBatch(IReadOnlyList<SampleInput?>? Samples, string? Id = null);

/// <summary>
/// One measurement as sent: <c>metric</c> from the catalogue, <c>value</c> in <c>unit</c>, when it happened, where
/// (component and region), and for <c>api.request</c> its <c>outcome</c> (<c>success</c> or <c>error</c>).
/// </summary>
public sealed record SampleInput(
    string? Metric,
    double? Value,
    string? Unit,
    DateTimeOffset? Timestamp,
    string? Component,
    string? Region,
    string? Outcome);

/// <summary>A validated sample: value in the metric's stored unit (ms or count), region defaulted.</summary>
internal sealed record Sample(string Metric, double Value, DateTimeOffset Timestamp, string Component, string Region, bool Bad);

/// <summary>What <c>POST /v1/samples</c> answers.</summary>
internal sealed record IngestResult(int Accepted);
