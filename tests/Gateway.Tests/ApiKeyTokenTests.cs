using GoLive.Gateway.Keys;

namespace GoLive.Gateway.Tests;

public sealed class ApiKeyTokenTests
{
    [Fact]
    public void A_new_key_has_the_glk_env_random_format_and_parses_back_to_its_id()
    {
        var key = ApiKeyToken.New("live", "Ab12Cd34");

        Assert.Matches("^glk_live_Ab12Cd34[0-9A-Za-z]{32}$", key);
        Assert.True(ApiKeyToken.TryParse(key, out var environment, out var id));
        Assert.Equal(("live", "Ab12Cd34"), (environment, id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("glk_live_short")]
    [InlineData("glk__Ab12Cd34aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("xyz_live_Ab12Cd34aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("glk_LIVE_Ab12Cd34aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("glk_live_Ab12Cd34aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    public void Malformed_keys_do_not_parse(string key) => Assert.False(ApiKeyToken.TryParse(key, out _, out _));

    [Fact]
    public void The_hash_depends_on_the_pepper()
    {
        var key = ApiKeyToken.New("live", ApiKeyToken.NewId());

        Assert.NotEqual(ApiKeyToken.Hash(key, [1]), ApiKeyToken.Hash(key, [2]));
        Assert.Equal(ApiKeyToken.Hash(key, [1]), ApiKeyToken.Hash(key, [1]));
    }
}
