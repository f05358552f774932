namespace GoLive.Runtime.Bindings;

/// <summary>A call to an output binding, whichever API it came through.</summary>
public sealed record BindingInvocation(string Operation, ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Metadata);

/// <summary>What an output binding answered: its data and metadata (e.g. <c>statusCode</c>).</summary>
public sealed record BindingResult(byte[] Data, IReadOnlyDictionary<string, string> Metadata);

/// <summary>An output binding: the app calls out through it.</summary>
public interface IOutputBinding
{
    IReadOnlyList<string> Operations { get; }

    Task<BindingResult> InvokeAsync(BindingInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>An event an input binding raises, delivered to the app as <c>POST /{bindingName}</c>.</summary>
public sealed record BindingEvent(ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Metadata);

/// <summary>An input binding: it triggers the app. Each app in scope gets its own trigger loop.</summary>
public interface IInputBinding
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, calling <paramref name="deliver"/> per event.</summary>
    Task RunAsync(Func<BindingEvent, CancellationToken, Task> deliver, CancellationToken cancellationToken);
}
