namespace GoLive.DaprAccess;

/// <summary>Component names, identical in every environment folder (<c>components/&lt;env&gt;/</c>), so code never branches.</summary>
public static class Components
{
    /// <summary>The app's own state store; its outbox publishes transaction upserts on <c>&lt;appid&gt;-events</c> or the app's topic.</summary>
    public const string StateStore = "statestore";

    /// <summary>Actor state (workflows).</summary>
    public const string ActorStore = "actorstore";

    /// <summary>Status's metric buckets and ingest journal: a state store without outbox.</summary>
    public const string MetricStore = "metricstore";

    public const string PubSub = "pubsub";

    public const string SecretStore = "secretstore";
}

/// <summary>Topics (kebab-case, one publisher each) and the one dead-letter spelling, <c>&lt;topic&gt;-deadletter</c>.</summary>
public static class Topics
{
    public const string Audit = "audit";
    public const string StatusEvents = "status-events";
    public const string StatusSamples = "status-samples";
    public const string FlagsEvents = "flags-events";
    public const string GatewayEvents = "gateway-events";
    public const string WebhooksEvents = "webhooks-events";
    public const string ComplianceEvents = "compliance-events";

    /// <summary>Where a topic's undeliverable events go.</summary>
    public static string DeadLetter(string topic) => topic + "-deadletter";
}
