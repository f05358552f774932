using System.Text.Json;
using GoLive.Flags.Client;
using GoLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Flags.Evaluation;

/// <summary>
/// Evaluation for clients that cannot run the .NET evaluator (any language, through Dapr invocation or the Gateway),
/// and the snapshot the in-process clients load.
/// </summary>
internal static class EvaluationApi
{
    private const int MaxBulkFlags = 500;

    public static RouteGroupBuilder MapEvaluation(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Evaluation");

        group.MapPost("/evaluate/{key}", (string key, EvaluateRequest? request, FlagsClient flags) =>
            TypedResults.Ok(Evaluate(flags, key, request?.Context)));

        group.MapPost("/evaluate", Results<Ok<BulkEvaluation>, ValidationProblem> (BulkEvaluateRequest? request, FlagsClient flags) =>
        {
            var keys = request?.Flags ?? [.. flags.Snapshot.Flags.Select(f => f.Key)];
            if (keys.Count > MaxBulkFlags)
            {
                return Problems.Validation([new("flags", [$"At most {MaxBulkFlags} flags per request."])]);
            }

            return TypedResults.Ok(new BulkEvaluation(flags.SnapshotVersion, [.. keys.Select(k => Evaluate(flags, k, request?.Context))]));
        });

        group.MapGet("/snapshot", (FlagsClient flags) => TypedResults.Ok(flags.Snapshot));

        group.MapGet("/evaluations/counts", (FlagsClient flags) => TypedResults.Ok(flags.VariantCounts()));

        return group;
    }

    private static EvaluationResult Evaluate(FlagsClient flags, string key, EvaluationContext? context)
    {
        var result = flags.GetAny(key, context);
        return new(key, result.Value, result.Variant, result.Reason,
            result.ErrorCode == FlagErrorCode.None ? null : result.ErrorCode, result.ErrorMessage, result.Stale);
    }
}

internal sealed record EvaluateRequest(EvaluationContext? Context);

internal sealed record BulkEvaluateRequest(EvaluationContext? Context, IReadOnlyList<string>? Flags);

/// <summary>One flag's result, OpenFeature-shaped.</summary>
internal sealed record EvaluationResult(
    string Key, JsonElement? Value, string? Variant, EvaluationReason Reason, FlagErrorCode? ErrorCode, string? ErrorMessage, bool Stale);

internal sealed record BulkEvaluation(long SnapshotVersion, IReadOnlyList<EvaluationResult> Flags);
