using System.Globalization;
using Cronos;
using GoLive.Runtime.Components;

namespace GoLive.Runtime.Bindings;

/// <summary>
/// <c>bindings.cron</c>: triggers the app on a schedule — 5-field cron, 6-field cron with seconds, <c>@every 15s</c>
/// (a Go duration) or a macro such as <c>@hourly</c>. Time comes from the runtime's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class CronInputBinding : IInputBinding
{
    private readonly CronExpression? _cron;
    private readonly TimeSpan? _every;
    private readonly TimeProvider _time;

    public CronInputBinding(ComponentContext context)
    {
        _time = context.Time;
        var schedule = context.Require("schedule").Trim();
        if (schedule.StartsWith("@every", StringComparison.Ordinal))
        {
            if (!GoDuration.TryParse(schedule["@every".Length..].Trim(), out var every) || every <= TimeSpan.Zero)
                throw context.Invalid($"schedule '{schedule}': @every needs a positive duration like 15s");
            _every = every;
            return;
        }
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            _cron = CronExpression.Parse(schedule, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw context.Invalid($"schedule '{schedule}' is not a valid cron expression: {e.Message}");
        }
    }

    public async Task RunAsync(Func<BindingEvent, CancellationToken, Task> deliver, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            var next = _every is { } every ? now + every : _cron!.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null) return;
            await Task.Delay(next.Value - now, _time, cancellationToken);
            var metadata = new Dictionary<string, string>
            {
                ["timeZone"] = "UTC",
                ["readTimeUTC"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            };
            await deliver(new BindingEvent(ReadOnlyMemory<byte>.Empty, metadata), cancellationToken);
        }
    }
}
