namespace GoLive.Webhooks.Deliveries;

/// <summary>
/// When to try again after a failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h (a little over three
/// days in all), each with ±10 % jitter so that endpoints coming back are not hit by every message at once.
/// </summary>
internal sealed class RetrySchedule(Func<double>? random = null)
{
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    private const double Jitter = 0.1;
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>Attempts in one round: the first one plus one per delay.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based), or null when the round is over.</summary>
    public TimeSpan? After(int attempt)
    {
        if (attempt < 1 || attempt > Delays.Count)
        {
            return null;
        }

        var factor = 1 + ((_random() * 2) - 1) * Jitter;
        return Delays[attempt - 1] * factor;
    }
}
