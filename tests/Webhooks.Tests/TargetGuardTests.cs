using System.Net;
using GoLive.Webhooks.Endpoints;
using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Tests;

public sealed class TargetGuardTests
{
    private static TargetGuard Guard(bool requireHttps = true, bool loopback = false, bool privateNetworks = false) =>
        new(Options.Create(new WebhooksOptions { RequireHttps = requireHttps, AllowLoopback = loopback, AllowPrivateNetworks = privateNetworks }));

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://api.localhost/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("http://partner.example.com/hook")]
    [InlineData("ftp://partner.example.com/hook")]
    [InlineData("https://user:pass@partner.example.com/hook")]
    [InlineData("/relative")]
    public void Internal_targets_plain_http_and_odd_urls_are_refused_by_default(string url) =>
        Assert.NotNull(Guard().RefuseUrl(url));

    [Theory]
    [InlineData("https://partner.example.com/hook")]
    [InlineData("https://93.184.216.34/hook")]
    [InlineData("https://[2606:4700::1111]/hook")]
    public void Public_https_targets_are_accepted(string url) => Assert.Null(Guard().RefuseUrl(url));

    [Fact]
    public void Loopback_is_accepted_only_when_the_operator_allows_it()
    {
        var guard = Guard(requireHttps: false, loopback: true);

        Assert.Null(guard.RefuseUrl("http://127.0.0.1:5000/hook"));
        Assert.Null(guard.RefuseUrl("http://localhost:5000/hook"));
        Assert.NotNull(guard.RefuseUrl("http://10.0.0.1/hook"));
        Assert.NotNull(guard.RefuseAddress(IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public void Private_networks_are_accepted_only_when_the_operator_allows_them()
    {
        var guard = Guard(privateNetworks: true);

        Assert.Null(guard.RefuseAddress(IPAddress.Parse("10.0.0.1")));
        Assert.NotNull(guard.RefuseAddress(IPAddress.Loopback));
    }
}
