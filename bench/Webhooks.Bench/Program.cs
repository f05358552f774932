// Deliveries/s of the Webhooks dispatcher (sign, POST, record the attempt, update the due index; in-memory state port)
// to a loopback receiver, against a bare HttpClient posting the same bodies with the same parallelism. Rounds alternate
// so that both see the same machine. Usage: dotnet run -c Release --project bench/Webhooks.Bench -- [messages] [rounds]
using System.Diagnostics;
using System.Globalization;
using GoLive.DaprAccess.State;
using GoLive.Testing;
using GoLive.Webhooks;
using GoLive.Webhooks.Deliveries;
using GoLive.Webhooks.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int Endpoints = 8;     // per-endpoint throttles allow at most 1,000/s each
const int Parallelism = 64;  // WebhooksOptions.MaxParallelDeliveries default

var receiverBuilder = WebApplication.CreateSlimBuilder();
receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
receiverBuilder.Logging.ClearProviders();
await using var receiver = receiverBuilder.Build();
receiver.MapPost("/hook/{n}", () => Results.NoContent());
await receiver.StartAsync();
var baseUrl = receiver.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

var body = EventFanout.Body("golive.status.incident.opened", DateTimeOffset.UtcNow,
    System.Text.Json.JsonDocument.Parse("""{"incidentId":"inc_1","title":"Checkout errors","severity":"major","components":["checkout"]}""").RootElement);

Console.WriteLine($"{messages:N0} messages to {Endpoints} loopback endpoints, parallelism {Parallelism}, {Environment.ProcessorCount} cores");
Console.WriteLine("| round | bare HttpClient (req/s) | Webhooks dispatcher (deliveries/s) | ratio |");
Console.WriteLine("|---|---|---|---|");
for (var round = 1; round <= rounds; round++)
{
    var baseline = await BaselineAsync();
    var webhooks = await WebhooksAsync();
    Console.WriteLine($"| {round} | {baseline:N0} | {webhooks:N0} | {webhooks / baseline:P0} |");
}

async Task<double> BaselineAsync()
{
    using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    var started = Stopwatch.GetTimestamp();
    await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"{baseUrl}/hook/{i % Endpoints}", content, ct);
        response.EnsureSuccessStatusCode();
    });
    return messages / Stopwatch.GetElapsedTime(started).TotalSeconds;
}

async Task<double> WebhooksAsync()
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Configuration["Webhooks:AllowLoopback"] = "true";
    builder.Configuration["Webhooks:RequireHttps"] = "false";
    builder.Services.AddSingleton<IStateStore>(new InMemoryStateStore());
    builder.AddWebhooks();
    using var host = builder.Build(); // not started: the loop below drives the dispatcher without polling delays
    var registry = host.Services.GetRequiredService<EndpointRegistry>();
    for (var n = 0; n < Endpoints; n++)
    {
        await registry.CreateAsync(new EndpointRequest($"{baseUrl}/hook/{n}", null, null, null, 100, 1000), CancellationToken.None);
    }

    var fanout = host.Services.GetRequiredService<EventFanout>();
    for (var e = 0; e < messages / Endpoints; e++)
    {
        await fanout.FanOutAsync($"evt_{e}", "golive.status.incident.opened", body, CancellationToken.None);
    }

    var dispatcher = host.Services.GetRequiredService<DeliveryDispatcher>();
    var scheduler = host.Services.GetRequiredService<IDeliveryScheduler>();
    var started = Stopwatch.GetTimestamp();
    while ((await scheduler.DueAsync(DateTimeOffset.MaxValue, 1, CancellationToken.None)).Count > 0)
    {
        // Throttled messages come back once their endpoint's bucket refills; wait for them rather than spin.
        if (await dispatcher.DispatchDueAsync(CancellationToken.None) == 0)
        {
            await Task.Delay(5);
        }
    }

    return messages / Stopwatch.GetElapsedTime(started).TotalSeconds;
}
