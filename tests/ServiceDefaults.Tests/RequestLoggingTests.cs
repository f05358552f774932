using System.Collections.Concurrent;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace GoLive.ServiceDefaults.Tests;

public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Request_log_has_method_route_template_status_and_correlation_id_but_no_raw_path_or_query()
    {
        var sink = new CapturingSink();
        await using var app = await StartAsync(sink);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders/42?email=alice%40example.com");
        request.Headers.Add("X-Correlation-Id", "trace-me");

        using var response = await app.Client.SendAsync(request);

        var entry = Assert.Single(sink.RequestLogs);
        Assert.Equal("\"GET\"", entry.Properties["RequestMethod"].ToString());
        Assert.Equal("\"/orders/{id:int}\"", entry.Properties["RoutePattern"].ToString());
        Assert.Equal("404", entry.Properties["StatusCode"].ToString());
        Assert.Equal("\"trace-me\"", entry.Properties["CorrelationId"].ToString());
        Assert.True(entry.Properties.ContainsKey("Elapsed"));
        Assert.DoesNotContain(sink.Events, e => e.Properties.ContainsKey("RequestPath"));
        Assert.DoesNotContain(sink.Events, e => e.RenderMessage(null).Contains("alice", StringComparison.Ordinal)
            || e.Properties.Values.Any(v => v.ToString().Contains("alice", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_probes_are_not_request_logged(string path)
    {
        var sink = new CapturingSink();
        await using var app = await StartAsync(sink);

        using var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Empty(sink.RequestLogs);
    }

    private static Task<TestApp> StartAsync(CapturingSink sink) =>
        TestApp.StartAsync(
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            configureServices: services => services.AddSingleton<ILogEventSink>(sink));

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyCollection<LogEvent> Events => _events;

        public IEnumerable<LogEvent> RequestLogs => _events.Where(e =>
            e.Properties.TryGetValue("SourceContext", out var source)
            && source.ToString() == "\"Serilog.AspNetCore.RequestLoggingMiddleware\"");

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }
}
