using GoLive.Compliance.Consent;
using GoLive.Compliance.Evidence;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.Compliance.Privacy;
using GoLive.Compliance.Requests;
using GoLive.Compliance.Retention;
using GoLive.DaprAccess;
using GoLive.DaprAccess.State;

namespace GoLive.Compliance;

internal static class ComplianceServices
{
    /// <summary>The audit log, its tree heads (signed on a schedule), anchoring and verification.</summary>
    public static IHostApplicationBuilder AddAuditLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ComplianceOptions>().Bind(builder.Configuration.GetSection(ComplianceOptions.Section));
        builder.Services.AddStateStore(Components.StateStore, ComplianceJson.Options);
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<ISigningKey, SecretStoreSigningKey>();
        builder.Services.AddSingleton<IAnchor, BindingAnchor>();
        builder.Services.AddSingleton<TreeHeads>();
        builder.Services.AddSingleton<LogVerifier>();
        builder.Services.AddHostedService<TreeHeadSchedule>();
        return builder;
    }

    /// <summary>Evidence packs built from the log.</summary>
    public static IHostApplicationBuilder AddEvidencePacks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EvidencePacks>();
        return builder;
    }

    /// <summary>Pseudonymising a subject's audit entries (the log's part of an erasure), consent records, retention runs.</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPseudonymKey, SecretStorePseudonymKey>();
        builder.Services.AddSingleton<SubjectPseudonyms>();
        builder.Services.AddSingleton<ConsentRecords>();
        builder.Services.AddSingleton<RetentionRuns>();
        return builder;
    }

    /// <summary>Data-subject requests: identity verification, the workflow launcher, deadlines, export archives and links.</summary>
    public static IHostApplicationBuilder AddDataSubjectRequests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestOptions>().Bind(builder.Configuration.GetSection(RequestOptions.Section));
        builder.Services.AddSingleton<IRequestKey, SecretStoreRequestKey>();
        builder.Services.AddSingleton<IVerificationSender, BindingVerificationSender>();
        // Invokes the workflows app through the sidecar client that AddServiceDefaults registers.
        builder.Services.AddSingleton<IWorkflowLauncher, DaprWorkflowLauncher>();
        builder.Services.AddSingleton<RequestStore>();
        builder.Services.AddSingleton<IdentityVerification>();
        builder.Services.AddSingleton<ExportLinks>();
        builder.Services.AddSingleton<DataSubjectRequests>();
        builder.Services.AddSingleton<RequestSweep>();
        builder.Services.AddHostedService<RequestSchedule>();
        return builder;
    }
}
