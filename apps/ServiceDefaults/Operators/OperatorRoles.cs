namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// Every role an operator can hold, one place for the apps, the CLI (<c>tools/Operators</c>) and the docs. A route names the
/// roles that may call it (<c>.RequireOperator(OperatorRoles.StatusOperate)</c>); roles never imply each other.
/// </summary>
public static class OperatorRoles
{
    /// <summary>Status: open, update and resolve incidents, schedule maintenance, read SLOs, incidents and maintenance.</summary>
    public const string StatusOperate = "status:operate";

    /// <summary>Status: post samples directly (<c>POST /v1/samples</c>), as <c>tools/Status.Feed</c> does.</summary>
    public const string StatusIngest = "status:ingest";

    /// <summary>Webhooks: endpoints, their signing secrets, messages, replay and recovery.</summary>
    public const string WebhooksAdmin = "webhooks:admin";

    /// <summary>Compliance: evidence packs, data-subject requests, consents, retention, pseudonymisation, signing tree heads.</summary>
    public const string ComplianceOfficer = "compliance:officer";

    /// <summary>Compliance, read only: entries, proofs, tree heads, verification of the log.</summary>
    public const string ComplianceAuditor = "compliance:auditor";

    /// <summary>Flags: flags, segments, schedules and rollouts.</summary>
    public const string FlagsAdmin = "flags:admin";

    /// <summary>Gateway: partner API keys (<c>/admin/keys</c>).</summary>
    public const string GatewayAdmin = "gateway:admin";

    /// <summary>Workflows: the management API (start, inspect, raise events, terminate, purge).</summary>
    public const string WorkflowsOperate = "workflows:operate";

    /// <summary>Every role above, e.g. for the development operator key.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        StatusOperate, StatusIngest, WebhooksAdmin, ComplianceOfficer, ComplianceAuditor, FlagsAdmin, GatewayAdmin, WorkflowsOperate,
    ];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
