using System.Net;
using Dapr;
using GoLive.Runtime.Components;

namespace GoLive.Runtime.Tests.Secrets;

/// <summary>Secret stores configured differently from the shared fixture, each in a test-local runtime.</summary>
public sealed class SecretStoreConfigurationTests
{
    private const string FileStore = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {0}
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: "{{FIXTURES}}/secrets.json"
        {1}
        """;

    private static string FileStoreYaml(string name, string extraMetadata = "") => FileStore.Replace("{0}", name).Replace("{1}", extraMetadata);

    [Fact]
    public async Task Multi_valued_file_store_makes_each_top_level_key_one_secret_of_many_values()
    {
        await using var sidecar = await new SecretStoreSidecar()
            .WithResource("multi.yaml", FileStoreYaml("multi", """
                  - name: multiValued
                    value: "true"
                """))
            .StartAsync();

        var db = await sidecar.Client.GetSecretAsync("multi", "db");
        var apiKey = await sidecar.Client.GetSecretAsync("multi", "api-key");
        var all = await sidecar.Client.GetBulkSecretAsync("multi");

        Assert.Equal(new Dictionary<string, string> { ["user"] = "golive", ["password"] = "fake-db-password" }, db);
        Assert.Equal("fake-api-key", apiKey["api-key"]);
        Assert.Equal(["api-key", "db", "hosts", "port"], all.Keys.Order());
    }

    [Fact]
    public async Task Nested_separator_joins_the_flattened_keys()
    {
        await using var sidecar = await new SecretStoreSidecar()
            .WithResource("dotted.yaml", FileStoreYaml("dotted", """
                  - name: nestedSeparator
                    value: "."
                """))
            .StartAsync();

        var secret = await sidecar.Client.GetSecretAsync("dotted", "db.password");

        Assert.Equal("fake-db-password", secret["db.password"]);
    }

    [Fact]
    public async Task Without_any_secret_store_the_api_answers_not_configured()
    {
        await using var sidecar = await new SecretStoreSidecar().StartAsync();

        var error = await Assert.ThrowsAsync<DaprException>(() => sidecar.Client.GetSecretAsync("any", "x"));
        using var response = await sidecar.SidecarHttp.GetAsync("/v1.0/secrets/any/x");

        Assert.Contains("ERR_SECRET_STORES_NOT_CONFIGURED", error.InnerException!.Message);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("ERR_SECRET_STORES_NOT_CONFIGURED", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_store_without_its_secrets_file_fails_at_start_naming_the_file()
    {
        await using var sidecar = new SecretStoreSidecar()
            .WithResource("broken.yaml", FileStore.Replace("{0}", "broken").Replace("{1}", "").Replace("secrets.json", "missing.json"));

        var error = await Assert.ThrowsAsync<ComponentConfigException>(sidecar.StartAsync);

        Assert.Contains("missing.json", error.Message);
        Assert.EndsWith("broken.yaml", error.File);
    }

    [Fact]
    public async Task Secret_key_ref_in_another_component_resolves_through_its_auth_secret_store()
    {
        Environment.SetEnvironmentVariable("GOLIVE_REF_TEST_TOKEN", "fake-token-from-env");
        try
        {
            await using var sidecar = new SecretStoreSidecar()
                .WithResource("local.yaml", FileStoreYaml("localsecrets"))
                .WithResource("env.yaml", """
                    apiVersion: dapr.io/v1alpha1
                    kind: Component
                    metadata:
                      name: envsecrets
                    spec:
                      type: secretstores.local.env
                      version: v1
                    """)
                .WithResource("probe.yaml", """
                    apiVersion: dapr.io/v1alpha1
                    kind: Component
                    metadata:
                      name: probe
                    spec:
                      type: test.probe
                      version: v1
                      metadata:
                      - name: password
                        secretKeyRef:
                          name: db:password
                          key: db:password
                      - name: user
                        value: plain
                    auth:
                      secretStore: localsecrets
                    ---
                    apiVersion: dapr.io/v1alpha1
                    kind: Component
                    metadata:
                      name: envprobe
                    spec:
                      type: test.probe
                      version: v1
                      metadata:
                      - name: password
                        secretKeyRef:
                          name: GOLIVE_REF_TEST_TOKEN
                    auth:
                      secretStore: envsecrets
                    """);
            sidecar.Host.ComponentTypes.Add("test.probe", ["v1"], ["password", "user"],
                (context, _) => ValueTask.FromResult<object>(new ResolvedMetadata(context.Metadata)));
            await sidecar.StartAsync();

            var catalog = await sidecar.Host.GetCatalogAsync([sidecar.ResourcesFolder]);

            var probe = (ResolvedMetadata)catalog.Find("probe")!.Instance;
            var envProbe = (ResolvedMetadata)catalog.Find("envprobe")!.Instance;
            Assert.Equal("fake-db-password", probe.Values["password"]);
            Assert.Equal("plain", probe.Values["user"]);
            Assert.Equal("fake-token-from-env", envProbe.Values["password"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOLIVE_REF_TEST_TOKEN", null);
        }
    }

    /// <summary>A test-only component that keeps the metadata it was built with, secrets resolved.</summary>
    private sealed record ResolvedMetadata(IReadOnlyDictionary<string, string> Values);
}
