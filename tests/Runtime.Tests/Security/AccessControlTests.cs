using System.Net;
using Dapr;
using Dapr.Client;
using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;
using GoLive.Runtime.Tests.Invocation;
using Grpc.Core;

namespace GoLive.Runtime.Tests.Security;

/// <summary>Access control and secret scopes from a Configuration file, as an operator writes it.</summary>
public sealed class AccessControlTests : IAsyncDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("golive-acl-").FullName;

    private const string VaultConfiguration = """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: vault
        spec:
          accessControl:
            defaultAction: deny
            policies:
              - appId: teller
                trustDomain: public
                namespace: default
                defaultAction: deny
                operations:
                  - name: /echo/**
                    httpVerb: ["GET"]
                    action: allow
                  - name: /teapot
                    httpVerb: ["*"]
                    action: allow
          secrets:
            scopes:
              - storeName: localsecrets
                defaultAccess: deny
                allowedSecrets: ["api-key"]
        """;

    private string WriteConfiguration(string yaml)
    {
        var path = Path.Combine(_temp, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_temp, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [InlineData("teller", "/echo/balance", "GET", true)]
    [InlineData("teller", "/echo/a/b/c", "GET", true)]
    [InlineData("teller", "/ECHO/Balance", "GET", true)] // paths compare case-insensitively, as daprd does for HTTP apps
    [InlineData("teller", "/echo/balance", "POST", false)]
    [InlineData("teller", "/teapot", "DELETE", true)]
    [InlineData("teller", "/teapot/extra", "GET", true)] // daprd: an operation also covers the paths below it
    [InlineData("teller", "/vault", "GET", false)]
    [InlineData("teller", "/teapot", null, false)] // no verb (gRPC without an HTTP extension): the policy's default
    [InlineData("intruder", "/echo/balance", "GET", false)]
    public void Policies_decide_by_caller_operation_and_verb(string caller, string operation, string? verb, bool allowed) =>
        Assert.Equal(allowed, SidecarConfiguration.Load(WriteConfiguration(VaultConfiguration)).AccessControl.Allows(caller, operation, verb));

    [Theory]
    [InlineData("/v1/requests/dsr_01ab/outcomes", true)]   // a glob segment matches inside a path
    [InlineData("/v1/requests/other/outcomes", false)]
    [InlineData("/v1/items/42/details", false)]            // daprd never matches a bare * in the middle of a path
    [InlineData("/v1/items/42", true)]                     // ... only as the last segment
    [InlineData("/v1/items/42/43", false)]
    [InlineData("/v1/all", true)]                          // ** covers the rest, or nothing
    [InlineData("/v1/all/a/b", true)]
    public void Operation_names_match_as_daprd_matches_them(string operation, bool allowed)
    {
        var file = WriteConfiguration("""
            kind: Configuration
            metadata:
              name: teller-rules
            spec:
              accessControl:
                defaultAction: deny
                policies:
                  - appId: teller
                    trustDomain: public
                    namespace: default
                    operations:
                      - { name: /v1/requests/dsr_*/outcomes, httpVerb: [POST], action: allow }
                      - { name: /v1/items/*/details, httpVerb: [POST], action: allow }
                      - { name: /v1/items/*, httpVerb: [POST], action: allow }
                      - { name: /v1/all/**, httpVerb: [POST], action: allow }
            """);
        Assert.Equal(allowed, SidecarConfiguration.Load(file).AccessControl.Allows("teller", operation, "POST"));
    }

    [Fact]
    public void A_caller_of_another_trust_domain_gets_the_global_default()
    {
        var acl = SidecarConfiguration.Load(WriteConfiguration(VaultConfiguration)).AccessControl;
        Assert.True(acl.Allows("teller", "public", "/echo/balance", "GET"));
        Assert.False(acl.Allows("teller", "elsewhere", "/echo/balance", "GET"));
    }

    [Theory]
    [InlineData("policies: [{ appId: teller, trustDomain: public, namespace: default }]", false)] // policies, no default: deny
    [InlineData("policies: []", true)]                                                            // an empty list: allow
    [InlineData("trustDomain: public", false)]                                                    // as daprd reads it
    public void Without_a_global_default_action_daprds_reading_applies(string accessControl, bool othersAllowed)
    {
        var file = WriteConfiguration($"kind: Configuration\nmetadata:\n  name: c\nspec:\n  accessControl:\n    {accessControl}\n");
        Assert.Equal(othersAllowed, SidecarConfiguration.Load(file).AccessControl.Allows("stranger", "/x", "GET"));
    }

    [Theory]
    [InlineData("{ appId: teller, namespace: default }", "needs a trustDomain")]
    [InlineData("{ appId: teller, trustDomain: public }", "needs a namespace")]
    [InlineData("{ appId: teller, trustDomain: public, namespace: default, operations: [{ name: /x, action: allow }] }", "lists no httpVerb")]
    [InlineData("{ appId: teller, trustDomain: public, namespace: default, operations: [{ name: /x, httpVerb: [get], action: allow }] }", "httpVerb 'get'")]
    [InlineData("{ appId: teller, trustDomain: public, namespace: default, operations: [{ name: /x, httpVerb: [GET] }] }", "has no action")]
    public void A_policy_daprd_would_refuse_or_never_apply_stops_the_sidecar_at_start(string policy, string reason)
    {
        var file = WriteConfiguration($"kind: Configuration\nmetadata:\n  name: c\nspec:\n  accessControl:\n    defaultAction: deny\n    policies: [{policy}]\n");
        var error = Assert.Throws<ComponentConfigException>(() => SidecarConfiguration.Load(file));
        Assert.Equal(file, error.File);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("allow", "", "", "s1", true)]
    [InlineData("allow", "s1", "", "s2", false)]
    [InlineData("deny", "s1", "", "s1", true)]
    [InlineData("allow", "", "s1", "s1", false)]
    [InlineData("allow", "", "s1", "s2", true)]
    [InlineData("deny", "", "s1", "s2", false)]
    [InlineData("deny", "s1", "s2", "s1", true)]
    public void Secret_scopes_follow_daprs_table(string defaultAccess, string allowed, string denied, string secret, bool expected)
    {
        var scope = new SecretScope(defaultAccess == "allow",
            allowed.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            denied.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet());
        Assert.Equal(expected, scope.Allows(secret));
    }

    [Fact]
    public void A_bad_action_or_a_missing_file_is_a_startup_error_naming_the_file()
    {
        var bad = WriteConfiguration(VaultConfiguration.Replace("defaultAction: deny", "defaultAction: maybe", StringComparison.Ordinal));
        Assert.Equal(bad, Assert.Throws<ComponentConfigException>(() => SidecarConfiguration.Load(bad)).File);
        Assert.Throws<ComponentConfigException>(() => SidecarConfiguration.Load(Path.Combine(_temp, "missing.yaml")));
    }

    [Fact]
    public async Task Invocations_the_callee_denies_are_refused_with_403_and_allowed_ones_pass()
    {
        await using var apps = new LocalApps();
        await apps.StartAsync("vault", configPath: WriteConfiguration(VaultConfiguration));
        var teller = await apps.StartAsync("teller");
        var intruder = await apps.StartAsync("intruder");

        Assert.Equal(HttpStatusCode.OK, (await teller.SidecarHttp.GetAsync("/v1.0/invoke/vault/method/echo/balance")).StatusCode);
        var post = await teller.SidecarHttp.PostAsync("/v1.0/invoke/vault/method/echo/balance", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("ERR_PERMISSION_DENIED", await post.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.SidecarHttp.GetAsync("/v1.0/invoke/vault/method/echo/balance")).StatusCode);
#pragma warning disable CS0618 // the SDK's invocation helpers are obsolete upstream, but apps still use them
        var viaSdk = await Assert.ThrowsAsync<InvocationException>(() =>
            intruder.Client.InvokeMethodAsync<object>(HttpMethod.Get, "vault", "echo/balance"));
#pragma warning restore CS0618
        Assert.Equal(HttpStatusCode.Forbidden, viaSdk.Response?.StatusCode);
    }

    [Fact]
    public async Task Secret_scopes_hide_secrets_the_app_may_not_read()
    {
        var components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "components"), _temp);
        await using var host = new RuntimeHost();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions
        {
            AppId = "scoped", ResourcesPaths = [components], ConfigPath = WriteConfiguration(VaultConfiguration),
        });
        using var dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        Assert.Equal("fake-api-key", (await dapr.GetSecretAsync("localsecrets", "api-key"))["api-key"]);
        var denied = await Assert.ThrowsAsync<DaprException>(() => dapr.GetSecretAsync("localsecrets", "db:password"));
        Assert.Equal(StatusCode.PermissionDenied, Assert.IsType<RpcException>(denied.InnerException).StatusCode);
        Assert.Equal(["api-key"], (await dapr.GetBulkSecretAsync("localsecrets")).Keys);
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/v1.0/secrets/localsecrets/port")).StatusCode);
    }
}
