using System.Text;
using System.Threading.Channels;
using GoLive.ServiceDefaults.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// Turns operator requests into audit events (actor <c>operator:&lt;name&gt;</c>, action <c>&lt;METHOD&gt; &lt;route&gt;</c>, the
/// path as resource, the outcome from the status) and publishes them in the background, retrying a failed publish, so an
/// operator never waits on the broker. Events are built while the request is alive (its correlation id, its time).
/// </summary>
internal sealed partial class OperatorAuditTrail(AuditClient audit, TimeProvider time, ILogger<OperatorAuditTrail> logger) : BackgroundService
{
    private const int Attempts = 5;
    private static readonly string[] SubjectRouteValues = ["subject", "subjectId"];
    private readonly Channel<AuditEvent> _pending = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(10_000) { SingleReader = true });

    public void Record(HttpContext context, OperatorIdentity identity, int status)
    {
        var request = context.Request;
        // "/v1/flags/" (a group's "/" route) reads as "/v1/flags", as callers write it.
        var pattern = context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { Length: > 1 } raw } ? raw.TrimEnd('/') : request.Path.Value ?? "/";
        var resource = Resource(context, out var subject);
        var outcome = status switch
        {
            < 400 => AuditOutcomes.Success,
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AuditOutcomes.Denied,
            _ => AuditOutcomes.Failure,
        };
        var auditEvent = audit.Create(identity.Actor, Truncate($"{request.Method} {pattern}", 100), Truncate(resource, 500), subject, null, outcome,
            new Dictionary<string, string>
            {
                ["operatorId"] = identity.Id,
                ["authentication"] = identity.Method,
                ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        if (!_pending.Writer.TryWrite(auditEvent)) LogDropped(logger, auditEvent.Id, auditEvent.Actor, auditEvent.Action);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var auditEvent in _pending.Reader.ReadAllAsync(stoppingToken)) await PublishAsync(auditEvent, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is published below, once, without retries.
        }
        while (_pending.Reader.TryRead(out var left))
        {
            try { await audit.PublishAsync(left, CancellationToken.None); }
            catch (Exception e) { LogLost(logger, e, left.Id, left.Actor, left.Action); }
        }
    }

    private async Task PublishAsync(AuditEvent auditEvent, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await audit.PublishAsync(auditEvent, stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (1 << attempt)), time, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLost(logger, e, auditEvent.Id, auditEvent.Actor, auditEvent.Action);
                return;
            }
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>The path rebuilt from the route and its values, a data subject's id left as <c>{subject}</c> (it goes to the event's subject).</summary>
    private static string Resource(HttpContext context, out string? subject)
    {
        subject = null;
        if (context.GetEndpoint() is not RouteEndpoint endpoint) return context.Request.Path.Value is { Length: > 0 } path ? path : "/";
        var values = context.Request.RouteValues;
        var resource = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            resource.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        resource.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        resource.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter when SubjectRouteValues.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase):
                        subject = values[parameter.Name]?.ToString();
                        resource.Append('{').Append(parameter.Name).Append('}');
                        break;
                    case RoutePatternParameterPart parameter:
                        resource.Append(values[parameter.Name]);
                        break;
                }
            }
        }
        return resource.Length == 0 ? "/" : resource.ToString();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit event {AuditEventId} ({Actor}: {Action}) could not be published")]
    private static partial void LogLost(ILogger logger, Exception exception, string auditEventId, string actor, string action);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit event {AuditEventId} ({Actor}: {Action}) dropped: 10,000 are waiting to be published")]
    private static partial void LogDropped(ILogger logger, string auditEventId, string actor, string action);
}
