using GoLive.DaprAccess.State;
using GoLive.Status.Events;
using GoLive.Status.Slos;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Incidents;

/// <summary>
/// Turns burn-rate verdicts into incidents: a firing SLO without an open automatic incident opens one (and publishes
/// <c>golive.status.slo.burn-rate-exceeded</c> in the same transaction); a worse rule raises its severity; once no rule
/// has fired for <c>ResolveAfter</c>, the incident is resolved (when <c>AutoResolve</c> is on). An operator who resolves
/// the incident while the SLO still burns (the slow-burn rule can fire for hours after a fix) is not overruled: no new
/// incident opens for that SLO until a quiet evaluation ends the burn (held in memory; a restart may reopen once).
/// </summary>
internal sealed partial class AlertResponder(
    BurnRateEvaluator evaluator,
    IncidentBook incidents,
    IOptionsMonitor<AlertingOptions> alerting,
    TimeProvider time,
    ILogger<AlertResponder> logger)
{
    private readonly Dictionary<string, DateTimeOffset> _lastFired = [];
    private readonly Dictionary<string, string> _opened = []; // SLO → the incident opened for its current burn

    public async Task RespondAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var status in evaluator.Evaluate())
        {
            var open = incidents.OpenFor(status.Slo.Id);
            if (status.Firing is { } verdict)
            {
                _lastFired[status.Slo.Id] = now;
                if (open is null && ResolvedByOperator(status.Slo.Id))
                {
                    continue;
                }

                await OnFiringAsync(status.Slo, verdict, open, now, cancellationToken);
            }
            else if (open is not null)
            {
                await OnQuietAsync(status.Slo, open, now, cancellationToken);
            }
            else
            {
                _opened.Remove(status.Slo.Id); // the burn is over: the next one is a new incident
            }
        }
    }

    private async Task OnFiringAsync(SloDefinition slo, RuleVerdict verdict, Incident? open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var severity = Enum.Parse<IncidentSeverity>(verdict.Rule.Severity, ignoreCase: true);
        if (open is not null && open.Severity >= severity)
        {
            return;
        }

        var alert = BurnEvent(slo, verdict, now);
        if (open is null)
        {
            var message = $"{slo.Title}: error budget burning {verdict.LongBurn:0.#}× the sustainable rate. We are investigating.";
            var incident = await incidents.OpenAsync(new NewIncident(slo.Title + " degraded", severity, [slo.Component], message), slo.Id, cancellationToken, alert);
            _opened[slo.Id] = incident.Id;
            LogOpened(logger, incident.Id, slo.Id, verdict.LongBurn);
            return;
        }

        var change = new IncidentChange(Severity: severity, Message: $"Burn rate rose to {verdict.LongBurn:0.#}×; severity raised to {severity}.");
        await incidents.UpdateAsync(open.Id, change, cancellationToken, alert)!;
    }

    private async Task OnQuietAsync(SloDefinition slo, Incident open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var options = alerting.CurrentValue;
        var lastFired = _lastFired.TryGetValue(slo.Id, out var at) ? at : (_lastFired[slo.Id] = now);
        if (!options.AutoResolve || now - lastFired < options.ResolveAfter)
        {
            return;
        }

        var change = new IncidentChange(IncidentStatus.Resolved, $"{slo.Title} is back within its objective.");
        await incidents.UpdateAsync(open.Id, change, cancellationToken)!;
        _opened.Remove(slo.Id);
        LogResolved(logger, open.Id, slo.Id);
    }

    private bool ResolvedByOperator(string slo) => _opened.TryGetValue(slo, out var id) && incidents.Find(id) is { IsOpen: false };

    private static StateOperation BurnEvent(SloDefinition slo, RuleVerdict verdict, DateTimeOffset now)
    {
        var payload = new BurnRateExceeded(
            slo.Id, slo.Title, slo.Component, slo.Flag, verdict.Rule.Severity, verdict.Rule.Factor,
            verdict.Rule.LongWindow, verdict.Rule.ShortWindow, verdict.LongBurn, verdict.ShortBurn, now);
        return StateOperation.Upsert($"alert|{slo.Id}", payload, new OutboxEvent(StatusEventTypes.BurnRateExceeded) { Subject = slo.Id });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId} opened for SLO {Slo} burning {BurnRate}x")]
    private static partial void LogOpened(ILogger logger, string incidentId, string slo, double burnRate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} resolved: SLO {Slo} no longer burning")]
    private static partial void LogResolved(ILogger logger, string incidentId, string slo);
}
