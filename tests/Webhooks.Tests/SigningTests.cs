using System.Text;
using GoLive.Webhooks.Signing;

namespace GoLive.Webhooks.Tests;

public sealed class SigningTests
{
    // The example of the Standard Webhooks specification (standard-webhooks/standard-webhooks).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    [Fact]
    public void Signature_matches_the_specification_example()
    {
        Assert.True(WebhookSecret.TryParse(VectorSecret, out var key));

        Assert.Equal(VectorSignature, WebhookSigner.Sign(VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), [key]));
    }

    [Theory]
    [InlineData(VectorId, "1614265330", VectorBody, VectorSignature, true)]
    [InlineData(VectorId, "1614265330", VectorBody, "v1,bm90IGl0 " + VectorSignature, true)]
    [InlineData(VectorId, "1614265330", """{"test": 2432232315}""", VectorSignature, false)]
    [InlineData("msg_other", "1614265330", VectorBody, VectorSignature, false)]
    [InlineData(VectorId, "1614265331", VectorBody, VectorSignature, false)]
    [InlineData(VectorId, "1614265330", VectorBody, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", false)]
    [InlineData(VectorId, "1614265330", VectorBody, "v1,not-base64!", false)]
    [InlineData(VectorId, "soon", VectorBody, VectorSignature, false)]
    public void Verification_accepts_only_an_untouched_message(string id, string timestamp, string body, string header, bool valid)
    {
        Assert.True(WebhookSecret.TryParse(VectorSecret, out var key));

        Assert.Equal(valid, WebhookSigner.Verify(id, timestamp, Encoding.UTF8.GetBytes(body), header, key, VectorTime, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verification_refuses_a_timestamp_outside_the_tolerance()
    {
        Assert.True(WebhookSecret.TryParse(VectorSecret, out var key));
        var body = Encoding.UTF8.GetBytes(VectorBody);

        Assert.True(WebhookSigner.Verify(VectorId, "1614265330", body, VectorSignature, key, VectorTime.AddMinutes(5), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSigner.Verify(VectorId, "1614265330", body, VectorSignature, key, VectorTime.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSigner.Verify(VectorId, "1614265330", body, VectorSignature, key, VectorTime.AddMinutes(-6), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Two_keys_give_two_space_separated_signatures_each_verifiable_alone()
    {
        Assert.True(WebhookSecret.TryParse(VectorSecret, out var old));
        Assert.True(WebhookSecret.TryParse(WebhookSecret.Generate(), out var current));
        var body = Encoding.UTF8.GetBytes(VectorBody);

        var header = WebhookSigner.Sign(VectorId, VectorTimestamp, body, [current, old]);

        var entries = header.Split(' ');
        Assert.Equal(2, entries.Length);
        Assert.Equal(VectorSignature, entries[1]);
        Assert.True(WebhookSigner.Verify(VectorId, "1614265330", body, header, current, VectorTime, TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSigner.Verify(VectorId, "1614265330", body, header, old, VectorTime, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void Generated_secrets_have_the_prefix_and_the_requested_random_bytes(int bytes)
    {
        var secret = WebhookSecret.Generate(bytes);

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(WebhookSecret.TryParse(secret, out var key));
        Assert.Equal(bytes, key.Length);
        Assert.NotEqual(secret, WebhookSecret.Generate(bytes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_c2hvcnQ=")]           // 5 bytes: too short
    [InlineData("whsec_not base64 at all")]
    public void Malformed_or_short_secrets_are_refused(string? secret) =>
        Assert.False(WebhookSecret.TryParse(secret, out _));

    [Fact]
    public void Out_of_range_secret_sizes_cannot_be_generated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSecret.Generate(23));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSecret.Generate(65));
    }
}
