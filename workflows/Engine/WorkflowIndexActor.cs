using Dapr.Actors;
using Dapr.Actors.Runtime;

namespace GoLive.Workflows;

public interface IWorkflowIndexActor : IActor
{
    Task UpsertAsync(WorkflowSummary summary);
    Task UpsertManyAsync(WorkflowSummary[] summaries);
    Task RemoveAsync(string instanceId);
    Task<IReadOnlyList<WorkflowSummary>> ListAsync(ListQuery query);
}

public sealed record ListQuery(string? Name = null, WorkflowStatus? Status = null, int Limit = 100);

/// <summary>
/// The list of instances, one actor so that updates never race. Summaries are kept in chunks of 100 state keys, so an
/// update rewrites one small chunk rather than the whole list.
/// </summary>
public sealed class WorkflowIndexActor(ActorHost host) : Actor(host), IWorkflowIndexActor
{
    public const string TypeName = nameof(WorkflowIndexActor);
    public const string SingletonId = "index";
    private const int ChunkSize = 100;

    private readonly Dictionary<string, int> _chunkOf = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, WorkflowSummary>> _chunks = [];

    protected override async Task OnActivateAsync()
    {
        var count = (await StateManager.TryGetStateAsync<int>("chunks")).Value;
        for (var i = 0; i < count; i++)
        {
            var chunk = (await StateManager.TryGetStateAsync<Dictionary<string, WorkflowSummary>>($"chunk-{i}")).Value ?? [];
            _chunks.Add(chunk);
            foreach (var id in chunk.Keys) _chunkOf[id] = i;
        }
    }

    public Task UpsertAsync(WorkflowSummary summary) => UpsertManyAsync([summary]);

    /// <summary>Writes each touched chunk once, however many of its summaries changed.</summary>
    public async Task UpsertManyAsync(WorkflowSummary[] summaries)
    {
        var touched = new HashSet<int>();
        foreach (var summary in summaries) touched.Add(Place(summary));
        foreach (var chunk in touched) await StateManager.SetStateAsync($"chunk-{chunk}", _chunks[chunk]);
        await StateManager.SetStateAsync("chunks", _chunks.Count);
    }

    private int Place(WorkflowSummary summary)
    {
        if (!_chunkOf.TryGetValue(summary.InstanceId, out var index))
        {
            if (_chunks.Count == 0 || _chunks[^1].Count >= ChunkSize) _chunks.Add([]);
            index = _chunks.Count - 1;
            _chunkOf[summary.InstanceId] = index;
        }
        _chunks[index][summary.InstanceId] = summary;
        return index;
    }

    public async Task RemoveAsync(string instanceId)
    {
        if (!_chunkOf.Remove(instanceId, out var index)) return;
        _chunks[index].Remove(instanceId);
        await StateManager.SetStateAsync($"chunk-{index}", _chunks[index]);
    }

    public Task<IReadOnlyList<WorkflowSummary>> ListAsync(ListQuery query) =>
        Task.FromResult<IReadOnlyList<WorkflowSummary>>(_chunks.SelectMany(c => c.Values)
            .Where(s => (query.Name is null || s.Name == query.Name) && (query.Status is null || s.Status == query.Status))
            .OrderByDescending(s => s.CreatedAt).Take(Math.Clamp(query.Limit, 1, 1000)).ToArray());
}
