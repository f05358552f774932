using GoLive.Status.Metrics;

namespace GoLive.Status.Samples;

/// <summary>Validates a batch and, when it is whole, stores it durably; shared by the HTTP endpoint and the subscriber.</summary>
internal sealed class SampleIngestor(SampleValidator validator, MetricJournal journal)
{
    private const int RememberedBatches = 10_000;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = [];
    private readonly Queue<string> _order = new();

    public bool Ready => journal.Restored;

    /// <summary>Null when stored (or already stored under the same id), else the validation errors.</summary>
    public async Task<(int Accepted, Dictionary<string, string[]>? Errors)> IngestAsync(SampleBatch? batch, CancellationToken cancellationToken)
    {
        var (samples, errors) = validator.Validate(batch);
        if (errors.Count > 0)
        {
            return (0, errors);
        }

        if (batch!.Id is { } id && !Remember(id))
        {
            return (samples.Count, null);
        }

        try
        {
            await journal.AppendAsync(samples, cancellationToken);
        }
        catch when (batch.Id is not null)
        {
            Forget(batch.Id);
            throw;
        }

        return (samples.Count, null);
    }

    private bool Remember(string id)
    {
        lock (_gate)
        {
            if (!_seen.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            if (_order.Count > RememberedBatches)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    private void Forget(string id)
    {
        lock (_gate)
        {
            _seen.Remove(id);
        }
    }
}
