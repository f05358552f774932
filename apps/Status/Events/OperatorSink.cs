using Dapr.Client;

namespace GoLive.Status.Events;

/// <summary>
/// Notifies operators (pager, chat) through the Dapr output binding <c>operator-sink</c> (e.g. <c>bindings.http</c>),
/// configured only in YAML. Best effort: the event itself is already committed through the outbox; when the binding is
/// absent or fails, Status logs and carries on.
/// </summary>
internal sealed partial class OperatorSink(DaprClient dapr, ILogger<OperatorSink> logger)
{
    public const string BindingName = "operator-sink";

    public async Task NotifyAsync(string type, object payload, CancellationToken cancellationToken)
    {
        try
        {
            await dapr.InvokeBindingAsync(BindingName, "post", new { type, data = payload }, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSinkFailed(logger, type, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator sink did not take {EventType} ({Reason}); the event is still published")]
    private static partial void LogSinkFailed(ILogger logger, string eventType, string reason);
}
