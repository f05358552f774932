using GoLive.ServiceDefaults.Operators;

namespace GoLive.ServiceDefaults.Tests;

public sealed class OperatorKeyTests
{
    [Fact]
    public void A_generated_key_parses_to_its_id_and_only_its_hash_matches()
    {
        var (key, id) = OperatorKey.Generate();
        var (other, _) = OperatorKey.Generate();

        Assert.StartsWith($"glo_{id}_", key, StringComparison.Ordinal);
        Assert.True(OperatorKey.TryParse(key, out var parsed));
        Assert.Equal(id, parsed);
        Assert.True(OperatorKey.Matches(key, OperatorKey.Hash(key)));
        Assert.False(OperatorKey.Matches(other, OperatorKey.Hash(key)));
        Assert.False(OperatorKey.Matches(key, null));
        Assert.False(OperatorKey.Matches(key, "sha256:short"));
        Assert.DoesNotContain(key, OperatorKey.Hash(key), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("glk_live_abc")]
    [InlineData("glo_UPPER_0123456789abcdef")]
    [InlineData("glo_ab_0123456789abcdef")]
    [InlineData("glo_abcd_short")]
    [InlineData("glo_abcd_0123456789abcdef with space")]
    [InlineData("")]
    public void Strings_that_are_not_operator_keys_do_not_parse(string candidate) => Assert.False(OperatorKey.TryParse(candidate, out _));

    [Fact]
    public void The_secret_holds_records_as_one_array_or_one_record_per_value_and_bad_values_are_reported()
    {
        var admin = TestOperators.Admin.Record;
        var expired = TestOperators.Expired.Record;
        var errors = new List<string>();

        var records = OperatorKeySecret.Parse([OperatorKeySecret.Serialize([admin]), OperatorKeySecret.Serialize(expired), "{not json", """{"id":"x"}"""], errors);

        Assert.Equal([admin.Id, expired.Id], records.Select(r => r.Id));
        Assert.Equal(admin.Roles, records[0].Roles);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void A_record_is_active_until_it_expires_or_is_revoked()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var record = TestOperators.Admin.Record with { ExpiresAt = now.AddDays(1) };

        Assert.True(record.IsActiveAt(now));
        Assert.False(record.IsActiveAt(now.AddDays(1)));
        Assert.False((record with { RevokedAt = now }).IsActiveAt(now));
    }
}
