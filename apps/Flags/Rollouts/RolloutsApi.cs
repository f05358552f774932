using Dapr;
using GoLive.DaprAccess;
using GoLive.Flags.Admin;
using GoLive.Flags.Catalog;
using GoLive.Flags.Client;
using GoLive.Flags.Flags;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Flags.Rollouts;

/// <summary>Admin API for gradual rollouts, and the subscription that guards them with Status's burn-rate events.</summary>
internal static class RolloutsApi
{
    public const string BurnRateType = "golive.status.slo.burn-rate-exceeded";

    public static RouteGroupBuilder MapRollouts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/flags/{key}/rollout").WithTags("Rollouts").RequireOperator(OperatorRoles.FlagsAdmin);

        group.MapPut("/", async Task<Results<Ok<FlagDefinition>, ProblemHttpResult, ValidationProblem>> (
            string key, RolloutPlan plan, CatalogEditor editor, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var author = http.Author();
            Dictionary<string, string[]> errors = [];
            var (change, error) = await editor.EditAsync(catalog =>
            {
                if (catalog.Flag(key) is not { } flag)
                {
                    return Edit.FlagNotFound(key);
                }

                errors = RolloutSteps.Check(flag, plan);
                return errors.Count > 0
                    ? Edit.Unchanged
                    : Edit.OfFlag(catalog, FlagsChange.FlagChanged, flag, RolloutSteps.Start(flag, plan, time.GetUtcNow(), author.Actor, author.Reason));
            }, author, ct);
            return error is not null ? Problems.Problem(error.Status, error.Code, error.Detail)
                : errors.Count > 0 ? Problems.Validation(errors)
                : TypedResults.Ok(change!.After!);
        });

        group.MapPost("/pause", (string key, ChangeNote? note, CatalogEditor editor, TimeProvider time, HttpContext http, CancellationToken ct) =>
            Change(key, editor, http.Author(note?.Reason), FlagsChange.RolloutPaused,
                (flag, _, a) => RolloutSteps.Pause(flag, a.Actor, a.Reason), time, ct));

        group.MapPost("/resume", (string key, ChangeNote? note, CatalogEditor editor, TimeProvider time, HttpContext http, CancellationToken ct) =>
            Change(key, editor, http.Author(note?.Reason), FlagsChange.RolloutAdvanced,
                (flag, now, a) => RolloutSteps.Resume(flag, now, a.Actor, a.Reason), time, ct));

        return group;
    }

    /// <summary>
    /// <c>status-events</c>: burn-rate events (matched on the CloudEvent type by a routing rule) guard rollouts; every
    /// other Status event goes to the default route, which answers SUCCESS and does nothing.
    /// </summary>
    public static void MapBurnRateSubscription(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/events/status/burn-rate", async (BurnRateExceeded? burn, GuardedRollouts guard, CancellationToken ct) =>
            {
                if (burn is { Service: not null } or { Flag: not null })
                {
                    await guard.OnBurnAsync(burn, ct);
                }

                return TypedResults.Ok(new { status = "SUCCESS" });
            })
            .WithTopic(new TopicOptions
            {
                PubsubName = Components.PubSub,
                Name = Topics.StatusEvents,
                DeadLetterTopic = Topics.DeadLetter(Topics.StatusEvents),
                Match = $"event.type == \"{BurnRateType}\"",
                Priority = 1,
            })
            .ExcludeFromDescription();

        routes.MapPost("/events/status/other", () => TypedResults.Ok(new { status = "SUCCESS" }))
            .WithTopic(new TopicOptions { PubsubName = Components.PubSub, Name = Topics.StatusEvents, DeadLetterTopic = Topics.DeadLetter(Topics.StatusEvents) })
            .ExcludeFromDescription();
    }

    private static async Task<Results<Ok<FlagDefinition>, ProblemHttpResult>> Change(
        string key, CatalogEditor editor, ChangeAuthor author, string type,
        Func<FlagDefinition, DateTimeOffset, ChangeAuthor, FlagDefinition?> change, TimeProvider time, CancellationToken ct)
    {
        FlagDefinition? current = null;
        var (made, error) = await editor.EditAsync(catalog =>
        {
            current = catalog.Flag(key);
            if (current is null)
            {
                return Edit.FlagNotFound(key);
            }

            if (current.Rollout is null)
            {
                return Edit.Fail(StatusCodes.Status409Conflict, FlagsProblemCodes.NoRollout, $"Flag '{key}' has no rollout.");
            }

            return change(current, time.GetUtcNow(), author) is { } after
                ? Edit.OfFlag(catalog, type, current, after)
                : Edit.Unchanged;
        }, author, ct);
        return error is not null ? Problems.Problem(error.Status, error.Code, error.Detail) : TypedResults.Ok(made?.After ?? current!);
    }
}
