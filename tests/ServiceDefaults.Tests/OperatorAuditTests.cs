using GoLive.ServiceDefaults.Audit;
using GoLive.ServiceDefaults.Operators;
using GoLive.ServiceDefaults.Tests.Infrastructure;

namespace GoLive.ServiceDefaults.Tests;

/// <summary>Operator actions become audit events naming the operator; plain reads do not, sensitive reads do.</summary>
public sealed class OperatorAuditTests
{
    private static Task<TestApp> StartAsync(RecordedAudit audit) =>
        TestApp.StartAsync(settings: new Dictionary<string, string?> { ["APP_ID"] = "status" },
            configureServices: services => services.UseTestOperators().RecordAudit(audit), map: RouteAccessTests.MapRoutes);

    private static async Task SendAsync(TestApp app, HttpMethod method, string path, TestOperator? @operator = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = @operator?.Authorization;
        request.Headers.Add("X-Correlation-Id", "case-42");
        using var response = await app.Direct.SendAsync(request);
    }

    [Fact]
    public async Task A_write_is_audited_with_the_operators_name_the_route_the_target_and_the_outcome()
    {
        var audit = new RecordedAudit();
        var alice = TestOperators.Create("alice01", "alice", [OperatorRoles.StatusOperate]);
        await using var withAlice = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["APP_ID"] = "status" },
            configureServices: services => services.UseTestOperators(alice).RecordAudit(audit), map: RouteAccessTests.MapRoutes);

        await SendAsync(withAlice, HttpMethod.Post, "/incidents", alice);

        var recorded = await audit.SingleAsync(e => e.Actor == "operator:alice", "alice's action is audited");
        Assert.Equal("POST /incidents", recorded.Action);
        Assert.Equal("/incidents", recorded.Resource);
        Assert.Equal(AuditOutcomes.Success, recorded.Outcome);
        Assert.Equal("status", recorded.Source);
        Assert.Equal("case-42", recorded.CorrelationId);
        Assert.Equal("alice01", recorded.Details!["operatorId"]);
        Assert.Equal("operator-key", recorded.Details["authentication"]);
        Assert.Equal("200", recorded.Details["status"]);
    }

    [Fact]
    public async Task A_refused_operator_is_audited_as_denied_and_an_anonymous_caller_is_not_audited()
    {
        var audit = new RecordedAudit();
        await using var app = await StartAsync(audit);

        await SendAsync(app, HttpMethod.Post, "/incidents", TestOperators.NoRoles);
        await SendAsync(app, HttpMethod.Post, "/incidents");

        var denied = await audit.SingleAsync(e => e.Actor == TestOperators.NoRoles.Actor, "the refusal is audited");
        Assert.Equal(AuditOutcomes.Denied, denied.Outcome);
        Assert.Equal("403", denied.Details!["status"]);
        Assert.Single(audit.Events);
    }

    [Fact]
    public async Task A_data_subject_named_in_the_route_is_the_events_subject_and_not_part_of_its_resource()
    {
        var audit = new RecordedAudit();
        await using var app = await StartAsync(audit);

        await SendAsync(app, HttpMethod.Post, "/subjects/cust_7/forget", TestOperators.Admin);

        var recorded = await audit.SingleAsync(e => e.Action == "POST /subjects/{subject}/forget", "the action is audited");
        Assert.Equal("/subjects/{subject}/forget", recorded.Resource);
        Assert.Equal("cust_7", recorded.Subject);
    }

    [Fact]
    public async Task Plain_reads_and_feeds_are_not_audited_but_reads_marked_sensitive_are()
    {
        var audit = new RecordedAudit();
        await using var app = await StartAsync(audit);

        await SendAsync(app, HttpMethod.Get, "/incidents", TestOperators.Admin);
        await SendAsync(app, HttpMethod.Post, "/samples", TestOperators.Admin);
        await SendAsync(app, HttpMethod.Get, "/secrets", TestOperators.Admin);

        var read = await audit.SingleAsync(e => e.Action == "GET /secrets", "the secret read is audited");
        Assert.Equal(TestOperators.Admin.Actor, read.Actor);
        Assert.DoesNotContain(audit.Events, e => e.Action is "GET /incidents" or "POST /samples");
    }
}
