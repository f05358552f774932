using System.Text.Json;
using Dapr.Client;
using GoLive.Operators;
using GoLive.Runtime.Sidecar;
using GoLive.ServiceDefaults.Operators;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.ServiceDefaults.Tests;

/// <summary>tools/Operators on a copy of components/local/secrets.json, and the keys it writes used by an app behind a real sidecar.</summary>
public sealed class OperatorsCliTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("golive-operators-cli-").FullName;
    private readonly RuntimeHost _host = new();
    private string SecretsFile => Path.Combine(_folder, "secrets.json");

    public OperatorsCliTests() => File.Copy(Path.Combine(RequiredTools.RepositoryRoot, "components", "local", "secrets.json"), SecretsFile);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = new OperatorsCommand(output, error, TimeProvider.System).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A new sidecar reads the file as it is now (the file secret store reads it once, at start).</summary>
    private async Task<int> PostWithFreshSidecarAsync(string key)
    {
        var components = Directory.CreateDirectory(Path.Combine(_folder, Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(components, "secretstore.yaml"), $"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: secretstore
            spec:
              type: secretstores.local.file
              version: v1
              metadata:
                - name: secretsFile
                  value: "{SecretsFile}"
                - name: nestedSeparator
                  value: ":"
            """);
        var sidecar = await _host.StartSidecarAsync(new SidecarOptions { AppId = "cli-" + Path.GetFileName(components)[..6], ResourcesPaths = [components] });
        await using var app = await TestApp.StartAsync(configureServices: services =>
        {
            services.RemoveAll<DaprClient>();
            services.AddDaprClient(b => b.UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint));
        }, map: RouteAccessTests.MapRoutes);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incidents");
        request.Headers.Authorization = new("Bearer", key);
        using var response = await app.Direct.SendAsync(request);
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task A_key_issued_into_the_secrets_file_works_once_and_is_refused_after_revoke()
    {
        var before = JsonDocument.Parse(await File.ReadAllTextAsync(SecretsFile)).RootElement;

        var (code, output, _) = Run("issue", "--name", "alice", "--roles", "status:operate,flags:admin", "--expires", "30d", "--secrets", SecretsFile);

        Assert.Equal(0, code);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("glo_", StringComparison.Ordinal));
        var after = JsonDocument.Parse(await File.ReadAllTextAsync(SecretsFile)).RootElement;
        Assert.Equal(before.GetProperty("compliance-signing-key").GetString(), after.GetProperty("compliance-signing-key").GetString());
        Assert.Equal(before.GetProperty("smtp").GetProperty("password").GetString(), after.GetProperty("smtp").GetProperty("password").GetString());
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(SecretsFile), StringComparison.Ordinal);
        var records = OperatorKeySecret.Parse([after.GetProperty("operator-keys").GetString()!]);
        var alice = Assert.Single(records, r => r.Name == "alice");
        Assert.Equal(["status:operate", "flags:admin"], alice.Roles);
        Assert.InRange(alice.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        Assert.Contains(records, r => r.Id == "localdev");
        Assert.Equal(200, await PostWithFreshSidecarAsync(key));

        Assert.Equal(0, Run("revoke", "--name", "alice", "--secrets", SecretsFile).Code);

        Assert.Equal(401, await PostWithFreshSidecarAsync(key));
        Assert.Contains("revoked", Run("list", "--secrets", SecretsFile).Output, StringComparison.Ordinal);
        Assert.Equal(200, await PostWithFreshSidecarAsync("glo_localdev_local-dev-operator-key-not-a-secret"));
    }

    [Fact]
    public void Without_a_secrets_file_issue_prints_the_record_for_a_production_secret()
    {
        var (code, output, _) = Run("issue", "--name", "ops-team", "--roles", "gateway:admin", "--expires", "90d");

        Assert.Equal(0, code);
        var key = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("glo_", StringComparison.Ordinal));
        var record = OperatorKeySecret.Parse([output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith('{'))]).Single();
        Assert.True(OperatorKey.Matches(key, record.Hash));
    }

    [Theory]
    [InlineData("issue", "--name", "x", "--roles", "root:all")]
    [InlineData("issue", "--roles", "flags:admin")]
    [InlineData("issue", "--name", "x", "--roles", "flags:admin", "--expires", "yesterday")]
    [InlineData("revoke", "--secrets", "nowhere.json")]
    [InlineData("frobnicate")]
    public void Bad_usage_is_refused_with_exit_code_2(params string[] args) => Assert.Equal(2, Run(args).Code);
}
