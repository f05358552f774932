using System.Net;
using System.Text.Json;
using Dapr.Client;
using GoLive.Runtime.Launcher;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;
using GoLive.Runtime.Tests.Invocation;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Tests.Environments;

/// <summary>
/// The checked-in Configurations of dapr.yaml (one per app, access control being the callee's) admit every invocation the
/// platform makes and deny the rest. The calls come from the apps' own settings where there are some (Gateway:Routes, the
/// data-subject workflow's participants, Compliance's workflows app id) and from the code's paths where those are constants.
/// A denied call made through the official SDK is refused by the callee's sidecar and logged.
/// </summary>
public sealed class AccessPolicyTests
{
    private static readonly string Root = RequiredTools.RepositoryRoot;
    private static readonly RunFile Topology = RunFileParser.Load(Path.Combine(Root, "dapr.yaml"));
    private static readonly string[] EveryVerb = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    private sealed record Call(string Caller, string Callee, string Verb, string Path, string Why)
    {
        public override string ToString() => $"{Caller} → {Callee} {Verb} {Path} ({Why})";
    }

    private static string ConfigurationOf(string appId) => Topology.Apps.Single(a => a.AppId == appId).ConfigFilePath!;

    private static AccessControl Policies(string appId) => SidecarConfiguration.Load(ConfigurationOf(appId)).AccessControl;

    private static bool Allowed(Call call) => Policies(call.Callee).Allows(call.Caller, Policies(call.Caller).TrustDomain, call.Path, call.Verb);

    private static JsonElement Settings(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, file))).RootElement;

    /// <summary>Every service invocation the platform's code makes.</summary>
    private static IEnumerable<Call> PlatformCalls()
    {
        // The gateway's public routes (apps/Gateway/appsettings.json) and its merged API document (ApiDocumentsApi).
        foreach (var route in Settings("apps/Gateway/appsettings.json").GetProperty("Gateway").GetProperty("Routes").EnumerateArray())
        {
            var appId = route.GetProperty("AppId").GetString()!;
            var prefix = route.GetProperty("AppPrefix").GetString()!.TrimEnd('/');
            var verbs = route.TryGetProperty("Methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!).ToArray() : EveryVerb;
            foreach (var verb in verbs)
            {
                foreach (var rest in new[] { "", "/", "/item", "/item/42/more" })
                    yield return new Call("gateway", appId, verb, prefix + rest, $"route {route.GetProperty("PublicPrefix").GetString()}");
            }

            yield return new Call("gateway", appId, "GET", "/openapi/v1.json", "the partner API document");
        }

        // The DataSubjectRequest workflow (workflows/Host): each participant's privacy contract, then the reports to Compliance.
        var requests = Settings("workflows/Host/appsettings.json").GetProperty("DataSubjectRequests");
        foreach (var participant in requests.GetProperty("Participants").EnumerateArray().Select(p => p.GetString()!))
        {
            yield return new Call("workflows", participant, "POST", "/privacy/export", "data-subject export");
            yield return new Call("workflows", participant, "POST", "/privacy/erase", "data-subject erasure");
        }
        var reportTo = requests.GetProperty("ReportTo").GetString()!;
        var requestId = Uri.EscapeDataString("dsr_" + Guid.CreateVersion7().ToString("N")); // DataSubjectRequests.NewId
        yield return new Call("workflows", reportTo, "POST", $"/v1/data-subject-requests/{requestId}/outcomes", "a participant's outcome");
        yield return new Call("workflows", reportTo, "POST", $"/v1/data-subject-requests/{requestId}/result", "the request's result");

        // Compliance starts and purges the workflow (apps/Compliance/Requests/WorkflowLauncher.cs).
        var workflows = Settings("apps/Compliance/appsettings.json").GetProperty("Compliance").GetProperty("Requests").GetProperty("WorkflowsAppId").GetString()!;
        yield return new Call("compliance", workflows, "POST", "/v1/workflows/DataSubjectRequest", "starting a request's workflow");
        yield return new Call("compliance", workflows, "DELETE", $"/v1/workflows/instances/{requestId}", "purging it");

        // An app evaluating flags in-process loads the snapshot from Flags (apps/Flags.Client, FlagsClientOptions.AppId).
        foreach (var app in Topology.Apps.Where(UsesFlagsClient))
            yield return new Call(app.AppId, "flags", "GET", "/v1/snapshot", "the flags client's snapshot");
    }

    private static bool UsesFlagsClient(RunFileApp app)
    {
        var project = app.Command.SkipWhile(c => c != "--project").Skip(1).FirstOrDefault();
        var folder = project is null ? null : Path.Combine(app.AppDirPath, project);
        return folder is not null && Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Any(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && File.ReadAllText(f).Contains(".AddFlagsClient(", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_call_the_platform_makes_is_allowed_by_the_callees_policy()
    {
        var calls = PlatformCalls().ToList();

        Assert.Contains(calls, c => c.Caller == "gateway"); // the settings were read
        Assert.Empty(calls.Where(c => !Allowed(c)).Select(c => c.ToString()));
    }

    [Theory]
    [InlineData("gateway", "compliance", "POST", "/v1/evidence-packs")]          // its route to Compliance is GET only
    [InlineData("gateway", "compliance", "POST", "/v1/data-subject-requests")]
    [InlineData("gateway", "compliance", "GET", "/v1/data-subject-requests/dsr_1")]  // partners read the log, never requests or consents
    [InlineData("gateway", "compliance", "GET", "/v1/consents/subject-1")]
    [InlineData("gateway", "compliance", "POST", "/privacy/erase")]
    [InlineData("gateway", "status", "POST", "/v1/incidents")]
    [InlineData("gateway", "webhooks", "POST", "/privacy/erase")]                // outside its route's prefix
    [InlineData("gateway", "flags", "GET", "/v1/flags")]                         // the admin API
    [InlineData("gateway", "flags", "POST", "/v1/flags/new-checkout/kill")]
    [InlineData("gateway", "flags", "GET", "/v1/snapshot")]
    [InlineData("gateway", "workflows", "POST", "/v1/workflows/DataSubjectRequest")]
    [InlineData("status", "flags", "GET", "/v1/flags")]
    [InlineData("status", "flags", "POST", "/v1/flags/new-checkout/kill")]
    [InlineData("status", "webhooks", "POST", "/v1/endpoints")]
    [InlineData("workflows", "compliance", "POST", "/v1/evidence-packs")]
    [InlineData("workflows", "compliance", "POST", "/v1/data-subject-requests/dsr_1/approve")]
    [InlineData("workflows", "compliance", "GET", "/v1/entries")]
    [InlineData("workflows", "flags", "POST", "/privacy/erase")]                 // not a participant
    [InlineData("compliance", "workflows", "GET", "/v1/workflows/instances")]
    [InlineData("compliance", "workflows", "POST", "/v1/workflows/SomethingElse")]
    [InlineData("compliance", "workflows", "POST", "/v1/workflows/instances/dsr_1/terminate")]
    [InlineData("compliance", "webhooks", "POST", "/privacy/erase")]             // only the workflow runs the privacy contract
    [InlineData("webhooks", "gateway", "GET", "/admin/keys")]
    [InlineData("flags", "status", "GET", "/v1/slos")]
    [InlineData("conformance", "status", "GET", "/v1/slos")]
    [InlineData("gateway", "conformance", "GET", "/echo/x")]
    public void Calls_the_platform_does_not_make_are_denied(string caller, string callee, string verb, string path) =>
        Assert.False(Allowed(new Call(caller, callee, verb, path, "not made")));

    [Fact]
    public void An_app_id_without_a_policy_is_denied_everywhere()
    {
        Assert.All(Topology.Apps, app => Assert.False(Policies(app.AppId).Allows("intruder", "/v1/slos", "GET"), app.AppId));
    }

    [Fact]
    public void Every_configuration_denies_by_default_for_callers_and_their_unlisted_operations_and_keeps_the_shared_settings()
    {
        var configurations = Topology.Apps.ToDictionary(a => a.AppId, a => Spec(a.ConfigFilePath!));
        foreach (var (appId, spec) in configurations)
        {
            var accessControl = (YamlMappingNode)spec["accessControl"];
            Assert.Equal("deny", accessControl["defaultAction"].ToString());
            Assert.All(((YamlSequenceNode)accessControl["policies"]).Cast<YamlMappingNode>(), p => Assert.Equal("deny", p["defaultAction"].ToString()));
            Assert.Equal("true", ((YamlMappingNode)spec["mtls"])["enabled"].ToString()); // daprd cannot tell callers apart without it
        }
        // Tracing and metrics are the same for every app.
        Assert.Single(configurations.Values.Select(s => Text(s["tracing"]) + Text(s["metrics"])).Distinct());
    }

    [Fact]
    public async Task A_call_the_checked_in_policies_deny_is_refused_through_the_sdk_and_logged_with_caller_callee_verb_and_path()
    {
        using var logs = new CapturedLogs();
        using var loggerFactory = logs.CreateFactory();
        await using var apps = new LocalApps(loggerFactory);
        await apps.StartAsync("compliance", configPath: ConfigurationOf("compliance"));
        var gateway = await apps.StartAsync("gateway", configPath: ConfigurationOf("gateway"));

#pragma warning disable CS0618 // the SDK's invocation helpers are obsolete upstream, but apps still use them
        var overHttp = await Assert.ThrowsAsync<InvocationException>(() => gateway.Client.InvokeMethodAsync(HttpMethod.Post, "compliance", "v1/evidence-packs"));
        var overGrpc = await Assert.ThrowsAsync<InvocationException>(() => gateway.Client.InvokeMethodGrpcAsync("compliance", "v1/entries"));
        // An operation the gateway's route needs passes access control and reaches the app (the test app has no such route).
        using var allowed = await gateway.Client.InvokeMethodWithResponseAsync(gateway.Client.CreateInvokeMethodRequest(HttpMethod.Get, "compliance", "v1/entries"));
#pragma warning restore CS0618

        Assert.Equal(HttpStatusCode.Forbidden, overHttp.Response?.StatusCode);
        Assert.Contains("ERR_PERMISSION_DENIED", await overHttp.Response!.Content.ReadAsStringAsync());
        Assert.Equal(StatusCode.PermissionDenied, Assert.IsType<RpcException>(overGrpc.InnerException).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "Access control denied gateway calling compliance: POST /v1/evidence-packs");
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "Access control denied gateway calling compliance: NONE /v1/entries");
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("GET /v1/entries", StringComparison.Ordinal));
    }

    private static YamlMappingNode Spec(string file)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(file);
        stream.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"];
    }

    private static string Text(YamlNode node) => node is YamlMappingNode map
        ? string.Join(';', map.Children.Select(kv => kv.Key + "=" + Text(kv.Value)))
        : node.ToString();
}
