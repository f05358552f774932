using Dapr.Actors;
using Dapr.Actors.Client;

namespace GoLive.Workflows;

/// <summary>Starts, queries and steers workflow instances from any app (through the workflows app's actors).</summary>
public sealed class WorkflowClient(IActorProxyFactory proxies)
{
    private ActorProxy Instance(string instanceId) => (ActorProxy)proxies.Create(new ActorId(instanceId), WorkflowActor.TypeName);

    private ActorProxy Index() => (ActorProxy)proxies.Create(new ActorId(WorkflowIndexActor.SingletonId), WorkflowIndexActor.TypeName);

    /// <summary>Starts <paramref name="workflow"/> as <paramref name="instanceId"/>; starting an id that exists changes nothing (Created is false).</summary>
    public Task<StartResult> StartAsync(string workflow, string instanceId, object? input = null) =>
        Instance(instanceId).InvokeMethodAsync<StartRequest, StartResult>(nameof(IWorkflowActor.StartAsync), new StartRequest(workflow, WorkflowJson.ToElement(input)));

    public Task<WorkflowState?> GetAsync(string instanceId) => Instance(instanceId).InvokeMethodAsync<WorkflowState?>(nameof(IWorkflowActor.GetAsync));

    public Task RaiseEventAsync(string instanceId, string name, object? payload = null, string? eventId = null) =>
        Instance(instanceId).InvokeMethodAsync(nameof(IWorkflowActor.RaiseAsync), new RaiseRequest(name, WorkflowJson.ToElement(payload), eventId));

    public Task TerminateAsync(string instanceId, string? reason = null) =>
        Instance(instanceId).InvokeMethodAsync(nameof(IWorkflowActor.TerminateAsync), new TerminateRequest(reason));

    /// <summary>Deletes a finished instance's state; false when it is unknown or still running.</summary>
    public async Task<bool> PurgeAsync(string instanceId)
    {
        var purged = await Instance(instanceId).InvokeMethodAsync<bool>(nameof(IWorkflowActor.PurgeAsync));
        if (purged) await Index().InvokeMethodAsync(nameof(IWorkflowIndexActor.RemoveAsync), instanceId);
        return purged;
    }

    public Task<IReadOnlyList<WorkflowSummary>> ListAsync(ListQuery query) =>
        Index().InvokeMethodAsync<ListQuery, IReadOnlyList<WorkflowSummary>>(nameof(IWorkflowIndexActor.ListAsync), query);

    /// <summary>Polls until the instance is finished or <paramref name="timeout"/> passes (for callers that must wait).</summary>
    public async Task<WorkflowState?> WaitForFinishAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            var state = await GetAsync(instanceId);
            if (state is { IsFinished: true }) return state;
            try { await Task.Delay(TimeSpan.FromMilliseconds(50), limit.Token); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { return state; }
        }
    }
}
