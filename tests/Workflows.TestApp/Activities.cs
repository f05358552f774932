namespace GoLive.Workflows.TestApp;

public sealed class Echo(ActivityLedger ledger) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(ActivityContext context, string input)
    {
        ledger.Write($"echo:{input}");
        return Task.FromResult(input);
    }
}

public sealed class Square : WorkflowActivity<int, int>
{
    public override Task<int> RunAsync(ActivityContext context, int input) => Task.FromResult(input * input);
}

/// <summary>Fails its first attempt of every step, then succeeds: for retry policies.</summary>
public sealed class Flaky(ActivityLedger ledger) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(ActivityContext context, string input)
    {
        ledger.Write($"flaky:{context.IdempotencyKey}:{context.Attempt}");
        return context.Attempt == 1 ? throw new InvalidOperationException("first attempt fails") : Task.FromResult(input);
    }
}

/// <summary>Writes its input to the ledger: a side effect the saga tests count.</summary>
public sealed class Record(ActivityLedger ledger) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(ActivityContext context, string input)
    {
        ledger.Write(input);
        return Task.FromResult(input);
    }
}

public sealed class AlwaysFails(ActivityLedger ledger) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(ActivityContext context, string input)
    {
        ledger.Write($"fail:{input}:{context.Attempt}");
        throw new InvalidOperationException($"{input} cannot be done");
    }
}

/// <summary>Marks its start and end around a pause: the crash tests kill the app or sidecar in between.</summary>
public sealed class Slow(ActivityLedger ledger) : WorkflowActivity<string, string>
{
    public override async Task<string> RunAsync(ActivityContext context, string input)
    {
        ledger.Write($"begin:{context.IdempotencyKey}");
        await Task.Delay(TimeSpan.FromMilliseconds(400), context.CancellationToken);
        ledger.Write($"end:{context.IdempotencyKey}");
        return input;
    }
}
