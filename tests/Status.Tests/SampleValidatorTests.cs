using GoLive.Status.Samples;
using GoLive.Status.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Status.Tests;

public sealed class SampleValidatorTests
{
    private static readonly DateTimeOffset Now = Defaults.Now;

    private readonly SampleValidator _validator = new(
        new TestOptions<IngestOptions>(new IngestOptions { MaxSamplesPerBatch = 3 }),
        new TestOptions<GoLive.Status.Components.StatusComponentsOptions>(Defaults.Components()),
        new FakeTimeProvider(Now));

    public static TheoryData<SampleInput, string> BadSamples => new()
    {
        { Good with { Metric = "playback.fps" }, "Unknown metric" },
        { Good with { Unit = "count" }, "unit of playback.join_ms" },
        { Good with { Unit = null }, "unit of playback.join_ms" },
        { Good with { Value = -1 }, "between" },
        { Good with { Value = 900_000 }, "between" },
        { Good with { Value = double.NaN }, "finite" },
        { Good with { Value = null }, "finite" },
        { Good with { Timestamp = Now.AddMinutes(10) }, "timestamp" },
        { Good with { Timestamp = Now.AddDays(-8) }, "timestamp" },
        { Good with { Timestamp = null }, "timestamp" },
        { Good with { Component = "billing" }, "Unknown component" },
        { Good with { Region = "EU West" }, "region" },
        { Good with { Outcome = "error" }, "takes no outcome" },
        { Good with { Metric = "api.request", Outcome = "timeout" }, "outcome" },
        { Good with { Metric = "checkout.attempt", Unit = "ms" }, "must be 'count'" },
    };

    private static SampleInput Good => new("playback.join_ms", 850, "ms", Now.AddSeconds(-10), "playback", "eu-west", null);

    [Theory]
    [MemberData(nameof(BadSamples))]
    public void A_bad_sample_rejects_the_whole_batch_with_its_index_and_reason(SampleInput bad, string reason)
    {
        var (samples, errors) = _validator.Validate(new SampleBatch([Good, bad]));

        Assert.Empty(samples);
        var error = Assert.Single(errors);
        Assert.Equal("samples[1]", error.Key);
        Assert.Contains(error.Value, m => m.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Seconds_are_stored_as_milliseconds_and_region_defaults_to_global()
    {
        var (samples, errors) = _validator.Validate(new SampleBatch([Good with { Value = 1.5, Unit = "s", Region = null }]));

        Assert.Empty(errors);
        var sample = Assert.Single(samples);
        Assert.Equal(1500, sample.Value);
        Assert.Equal("global", sample.Region);
    }

    [Fact]
    public void Api_requests_carry_their_outcome()
    {
        var (samples, _) = _validator.Validate(new SampleBatch([Good with { Metric = "api.request", Outcome = "error" }, Good with { Metric = "api.request", Outcome = "success" }]));

        Assert.Equal([true, false], samples.Select(s => s.Bad));
    }

    [Fact]
    public void Empty_and_oversized_batches_are_refused()
    {
        Assert.NotEmpty(_validator.Validate(new SampleBatch([])).Errors);
        Assert.NotEmpty(_validator.Validate(null).Errors);
        Assert.NotEmpty(_validator.Validate(new SampleBatch([Good, Good, Good, Good])).Errors);
    }
}
