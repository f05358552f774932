using GoLive.ServiceDefaults.Tests.Infrastructure;

namespace GoLive.ServiceDefaults.Tests;

public sealed class CorrelationIdTests
{
    private const string Header = "X-Correlation-Id";

    [Fact]
    public async Task Caller_correlation_id_is_echoed_and_seen_by_the_endpoint()
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.Add(Header, "order-42.retry_1:a");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal("order-42.retry_1:a", response.Headers.GetValues(Header).Single());
        Assert.Equal("order-42.retry_1:a", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Missing_correlation_id_is_generated_and_echoed()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/correlation", UriKind.Relative));

        var generated = response.Headers.GetValues(Header).Single();
        Assert.Matches("^[0-9a-f]{32}$", generated);
        Assert.Equal(generated, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("has spaces")]
    [InlineData("semi;colon")]
    [InlineData("<script>")]
    [InlineData("ünïcode")]
    public async Task Invalid_correlation_id_is_replaced_by_a_generated_one(string invalid)
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.TryAddWithoutValidation(Header, invalid);

        using var response = await app.Client.SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues(Header).Single());
    }

    [Fact]
    public async Task Correlation_id_longer_than_128_characters_is_replaced()
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.Add(Header, new string('a', 129));

        using var response = await app.Client.SendAsync(request);

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues(Header).Single());
    }

    [Fact]
    public async Task Outgoing_http_client_calls_carry_the_request_correlation_id()
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/downstream");
        request.Headers.Add(Header, "checkout-7");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal("checkout-7", await response.Content.ReadAsStringAsync());
    }
}
