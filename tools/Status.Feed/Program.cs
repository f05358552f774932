// Feeds a running Status (apps/Status) with realistic samples so its page has something to show:
//   dotnet run --project tools/Status.Feed                      a week of history, then live traffic until Ctrl+C
//   dotnet run --project tools/Status.Feed -- --burn            ... plus a checkout outage since an hour ago (opens an incident)
//   dotnet run --project tools/Status.Feed -- --history 1d --live 2m --url http://127.0.0.1:5300
// It presents an operator key with role status:ingest: the local development key unless --key or GOLIVE_OPERATOR_KEY says another.
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Status.Feed;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Status.Feed: posts realistic samples to a running Status.
          --url URL        Status's base address (default http://127.0.0.1:5300)
          --key KEY        an operator key with role status:ingest (default: $GOLIVE_OPERATOR_KEY, else the
                           development key of components/local/secrets.json)
          --history SPAN   backfill this much history, at most 7d (default 7d; 0 for none)
          --live SPAN      then post live traffic every 5 s for this long (default: until Ctrl+C; 0 for none)
          --burn           add a checkout outage (90 % failing) from an hour ago on: an incident opens within a minute;
                           it resolves itself once the outage has left the slow-burn rule's 6-hour window
          --scale N        traffic multiplier (default 1)
        Span: 90s, 30m, 6h, 7d.
        """);
    return 0;
}

var url = Option("--url") ?? "http://127.0.0.1:5300";
var history = Span(Option("--history") ?? "7d");
var live = Option("--live") is { } l ? Span(l) : Timeout.InfiniteTimeSpan;
var burn = args.Contains("--burn");
var traffic = new Traffic(new Random(), int.Parse(Option("--scale") ?? "1", CultureInfo.InvariantCulture));
// The committed development key (components/local/secrets.json, not a secret); components/selfhosted has another.
const string DevelopmentKey = "glo_localdev_local-dev-operator-key-not-a-secret";
var key = Option("--key") ?? Environment.GetEnvironmentVariable("GOLIVE_OPERATOR_KEY") ?? DevelopmentKey;
using var http = new HttpClient { BaseAddress = new Uri(url) };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

// History: whole minutes up to now (samples may be at most 7 days old), posted in batches of up to 10,000.
var now = Minute(DateTimeOffset.UtcNow);
var start = Minute(now - (history > TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5) ? TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5) : history));
var batch = new List<SampleOut>();
var posted = await BackfillAsync(start, traffic.Period);
Console.WriteLine($"History: {posted:N0} samples from {start:u} to {now:u}.");
if (burn)
{
    var outage = await BackfillAsync(now.AddMinutes(-65), traffic.FailingCheckouts);
    Console.WriteLine($"Checkout outage: {outage:N0} samples since {now.AddMinutes(-65):u}; Status evaluates burn rates every 30 s.");
}

Console.WriteLine($"Open {url}/status (the page is cached for 5 s); budgets and burn rates: {url}/v1/slos");

// Live: every 5 s, the traffic of the 5 s just gone.
var until = live == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : DateTimeOffset.UtcNow + live;
using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
while (DateTimeOffset.UtcNow < until && !stop.IsCancellationRequested)
{
    var at = DateTimeOffset.UtcNow.AddSeconds(-5);
    foreach (var region in Traffic.Regions)
    {
        batch.AddRange(traffic.Period(at, TimeSpan.FromSeconds(5), region));
        batch.AddRange(burn ? traffic.FailingCheckouts(at, TimeSpan.FromSeconds(5), region) : []);
    }

    var count = await PostAsync(batch);
    Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} live: {count} samples{(burn ? " (checkout failing)" : "")}");
    try
    {
        await timer.WaitForNextTickAsync(stop.Token);
    }
    catch (OperationCanceledException)
    {
        break;
    }
}

return 0;

async Task<int> BackfillAsync(DateTimeOffset from, Func<DateTimeOffset, TimeSpan, string, IEnumerable<SampleOut>> period)
{
    var count = 0;
    for (var minute = from; minute < now && !stop.IsCancellationRequested; minute = minute.AddMinutes(1))
    {
        foreach (var region in Traffic.Regions)
        {
            batch.AddRange(period(minute, TimeSpan.FromMinutes(1), region));
        }

        if (batch.Count >= 9_000)
        {
            count += await PostAsync(batch);
        }
    }

    return count + await PostAsync(batch);
}

async Task<int> PostAsync(List<SampleOut> samples)
{
    if (samples.Count == 0)
    {
        return 0;
    }

    try
    {
        using var response = await http.PostAsJsonAsync("/v1/samples", new { id = Guid.NewGuid().ToString(), samples }, JsonSerializerOptions.Web);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"Status answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if ((int)response.StatusCode is 401 or 403) Console.Error.WriteLine("Pass an operator key with role status:ingest: --key glo_… (or GOLIVE_OPERATOR_KEY).");
            Environment.Exit(1);
        }
    }
    catch (HttpRequestException e)
    {
        Console.Error.WriteLine($"Status is not reachable at {url} ({e.Message}); start the platform first (README: Two commands).");
        Environment.Exit(1);
    }

    var count = samples.Count;
    samples.Clear();
    return count;
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static DateTimeOffset Minute(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);

static TimeSpan Span(string text) => text == "0" ? TimeSpan.Zero : text[^1] switch
{
    's' => TimeSpan.FromSeconds(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
    'm' => TimeSpan.FromMinutes(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
    'h' => TimeSpan.FromHours(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
    'd' => TimeSpan.FromDays(int.Parse(text[..^1], CultureInfo.InvariantCulture)),
    _ => throw new FormatException($"Not a span: {text} (use 90s, 30m, 6h or 7d)"),
};
