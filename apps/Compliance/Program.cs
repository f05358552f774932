using GoLive.Compliance;
using GoLive.Compliance.Consent;
using GoLive.Compliance.Evidence;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.Compliance.Privacy;
using GoLive.Compliance.Requests;
using GoLive.Compliance.Retention;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Privacy;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The API description (/openapi/v1.json) that the Gateway merges into the partner document.
builder.Services.AddOpenApi();
// Append-only audit log in the state store, Merkle tree, signed tree heads on a schedule, anchoring.
builder.AddAuditLog();
// Evidence packs: entries, proofs, the signed head and a manifest in one zip.
builder.AddEvidencePacks();
// Pseudonymising a subject without breaking proofs; consent records; retention policies run on a cron binding.
builder.AddPrivacy();
// Data-subject requests (export, erasure) run as the DataSubjectRequest workflow in the workflows app; deadlines swept.
builder.AddDataSubjectRequests();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();
// Ingest (topic `audit`), queries, inclusion and consistency proofs.
app.MapAuditLog();
// Signed tree heads, the public key, verification of the whole log.
app.MapTreeHeads();
// One zip per subject, case or time range, verifiable offline.
app.MapEvidencePacks();
// Pseudonymise a subject; consent records and history; retention runs (cron binding `retention-cron`).
app.MapPrivacy();
app.MapConsent();
app.MapRetention();
// The privacy contract (this app's own part of a request) and the data-subject request API.
app.MapPrivacyContract<ComplianceSubjectData>();
app.MapDataSubjectRequests();
app.Run();

namespace GoLive.Compliance
{
    /// <summary>Names this assembly's entry point for tests (<c>WebApplicationFactory&lt;GoLive.Compliance.Program&gt;</c>).</summary>
    public partial class Program;
}
