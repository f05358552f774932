namespace GoLive.Webhooks;

/// <summary>Operator settings (section <c>Webhooks</c>).</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Plain http targets are refused unless false (appsettings.Development.json turns it off).</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Loopback targets (127.0.0.0/8, ::1, localhost) are refused unless allowed.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Private, link-local, CGNAT and unique-local targets are refused unless allowed.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Largest webhook payload accepted (bytes of the serialised body).</summary>
    public int MaxPayloadBytes { get; set; } = 256 * 1024;

    /// <summary>Time allowed for one delivery attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An endpoint failing without a single success for this long is disabled.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long the previous secret keeps signing after a rotation, unless the request says otherwise.</summary>
    public TimeSpan DefaultRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the background loop looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries in flight at once across all endpoints.</summary>
    public int MaxParallelDeliveries { get; set; } = 64;
}
