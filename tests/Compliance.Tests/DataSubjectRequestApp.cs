using System.Collections.Concurrent;
using System.Security.Cryptography;
using GoLive.Compliance.Requests;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Compliance.Tests;

/// <summary>Records workflow starts instead of invoking the workflows app (the workflow's reports are posted by the tests).</summary>
internal sealed class RecordingLauncher : IWorkflowLauncher
{
    public ConcurrentQueue<WorkflowInput> Started { get; } = new();

    public Task StartAsync(WorkflowInput input, CancellationToken cancellationToken)
    {
        Started.Enqueue(input);
        return Task.CompletedTask;
    }

    public Task<bool> PurgeAsync(string requestId, CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>Keeps the codes it would have emailed.</summary>
internal sealed class CapturingSender : IVerificationSender
{
    public ConcurrentDictionary<string, string> Codes { get; } = new();

    public Task<bool> SendAsync(string requestId, string email, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        Codes[requestId] = code;
        return Task.FromResult(true);
    }
}

/// <summary>Compliance behind a real sidecar with a fake clock, a recording workflow launcher and a capturing code sender.</summary>
public sealed class DataSubjectRequestApp : IAsyncLifetime
{
    private TestPlatform? _platform;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-23T09:00:00Z"));
    internal RecordingLauncher Launcher { get; } = new();
    internal CapturingSender Sender { get; } = new();
    public DaprTestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _platform = new TestPlatform(["compliance"], new Dictionary<string, string>
        {
            ["compliance-signing-key"] = ComplianceApp.SigningKeyPem,
            ["compliance-pseudonym-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["compliance-request-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        // Here the code alone approves (requests from an authenticated session); the default is tested in DataSubjectRequestsTests.
        var settings = new Dictionary<string, string?> { ["Compliance:Requests:CodeApproves"] = "true" };
        App = await _platform.StartAsync<Program>("compliance", settings, configure: web => web.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IWorkflowLauncher>(Launcher);
            services.AddSingleton<IVerificationSender>(Sender);
        }));
    }

    public async Task DisposeAsync()
    {
        if (_platform is not null) await _platform.DisposeAsync();
    }
}
