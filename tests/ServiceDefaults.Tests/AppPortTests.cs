using System.Globalization;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.ServiceDefaults.Tests;

public sealed class AppPortTests
{
    [Fact]
    public async Task App_listens_on_loopback_APP_PORT_when_no_urls_are_configured()
    {
        var port = TestApp.ClosedPort();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = null,
            ["APP_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["APP_API_TOKEN"] = TestApp.AppToken,
        });
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();

        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        Assert.Equal($"http://127.0.0.1:{port}", addresses.Addresses.Single());
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
        Assert.Equal(200, (int)response.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public void Configured_urls_win_over_APP_PORT()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5999",
            ["APP_PORT"] = "6000",
        });

        builder.AddServiceDefaults();

        Assert.Equal("http://127.0.0.1:5999", builder.Configuration["urls"]);
    }

    [Fact]
    public void APP_PORT_that_is_not_a_port_stops_the_app_at_start()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = null,
            ["APP_PORT"] = "http",
        });

        Assert.Throws<InvalidOperationException>(() => builder.AddServiceDefaults());
    }
}
