using System.Text.Json;

namespace GoLive.Workflows.Host.DataSubjectRequests;

/// <summary>What Compliance starts the workflow with (instance id = request id). <c>type</c> is <c>export</c> or <c>erasure</c>.</summary>
public sealed record DataSubjectRequestInput(string RequestId, string Type, string SubjectId, string Email);

/// <summary>How it ended: which participants answered and which never did within the retry window.</summary>
public sealed record DataSubjectRequestOutput(bool Succeeded, IReadOnlyList<string> Completed, IReadOnlyList<string> Failed);

/// <summary>
/// A data-subject request across every service holding personal data. It calls each participant's privacy contract
/// (<c>privacy/export</c> or <c>privacy/erase</c>) through Dapr invocation, all in parallel, in rounds: a participant that
/// fails a round (after a few quick tries) is called again in the next round, after a durable timer that doubles up to a
/// cap, until it answers or the rounds run out (about two weeks by default). Each answer is reported to Compliance as it
/// comes; when all have answered (or the window closed) the result is reported too.
/// </summary>
public sealed class DataSubjectRequestWorkflow : Workflow<DataSubjectRequestInput, DataSubjectRequestOutput>
{
    public const string Name = "DataSubjectRequest";

    public override async Task<DataSubjectRequestOutput> RunAsync(WorkflowContext context, DataSubjectRequestInput input)
    {
        // The plan (participants, retry window) is a recorded step, so a configuration change never alters a running request.
        var plan = await context.CallActivityAsync<DataSubjectRequestPlan>(DataSubjectRequestPlanActivity.Name);
        var method = input.Type == "erasure" ? "privacy/erase" : "privacy/export";
        var subject = new { subjectId = input.SubjectId, email = input.Email };
        var call = new StepOptions(new RetryPolicy(plan.AttemptsPerRound, plan.FirstRetryDelay), plan.CallTimeout);
        var report = new StepOptions(new RetryPolicy(plan.ReportAttempts, plan.FirstRetryDelay, MaxDelay: plan.MaxRoundDelay), plan.CallTimeout);
        var reportsTo = $"v1/data-subject-requests/{Uri.EscapeDataString(input.RequestId)}";

        var pending = plan.Participants.ToList();
        var completed = new List<string>();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var round = 0;
        while (pending.Count > 0 && round < plan.MaxRounds)
        {
            round++;
            if (round > 1) await context.CreateTimerAsync(plan.DelayBefore(round));
            await context.SetCustomStatusAsync(new { round, waitingFor = pending });
            // One synchronous sweep starts every call (deterministic step numbers), then all are awaited.
            var answers = await Task.WhenAll(pending.Select(p => TryCallAsync(context, p, method, subject, call)));
            var answered = pending.Zip(answers).Where(a => a.Second.Answer is not null).ToList();
            foreach (var (participant, outcome) in pending.Zip(answers).Where(a => a.Second.Answer is null)) errors[participant] = outcome.Error!;
            await Task.WhenAll(answered.Select(a => context.CallServiceAsync<JsonElement?>(plan.ReportTo, $"{reportsTo}/outcomes",
                new { participant = a.First, succeeded = true, rounds = round, answer = a.Second.Answer }, report)));
            completed.AddRange(answered.Select(a => a.First));
            pending = [.. pending.Except(completed)];
        }

        await Task.WhenAll(pending.Select(p => context.CallServiceAsync<JsonElement?>(plan.ReportTo, $"{reportsTo}/outcomes",
            new { participant = p, succeeded = false, rounds = round, error = errors.GetValueOrDefault(p) }, report)));
        var error = pending.Count == 0 ? null : $"no answer after {round} rounds from: {string.Join(", ", pending)}";
        await context.CallServiceAsync<JsonElement?>(plan.ReportTo, $"{reportsTo}/result", new { succeeded = pending.Count == 0, error }, report);
        return new DataSubjectRequestOutput(pending.Count == 0, completed, pending);
    }

    private static async Task<(JsonElement? Answer, string? Error)> TryCallAsync(WorkflowContext context, string participant, string method, object subject,
        StepOptions options)
    {
        try
        {
            return (await context.CallServiceAsync<JsonElement>(participant, method, subject, options), null);
        }
        catch (WorkflowStepFailedException e)
        {
            return (null, e.Error);
        }
    }
}
