using GoLive.Flags.Admin;
using GoLive.Flags.Catalog;
using GoLive.Flags.Client;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Flags.Flags;

/// <summary>Admin API for flags: CRUD and the kill switch. Every change publishes one event (the audit record).</summary>
internal static class FlagsApi
{
    public static RouteGroupBuilder MapFlags(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/flags").WithTags("Flags").RequireOperator(OperatorRoles.FlagsAdmin);

        group.MapGet("/", async (CatalogEditor editor, CancellationToken ct) =>
            TypedResults.Ok((await editor.ReadAsync(ct)).Flags));

        group.MapGet("/{key}", async Task<Results<Ok<FlagDefinition>, ProblemHttpResult>> (string key, CatalogEditor editor, CancellationToken ct) =>
            (await editor.ReadAsync(ct)).Flag(key) is { } flag
                ? TypedResults.Ok(flag)
                : Problems.NotFound(FlagsProblemCodes.FlagNotFound, $"No flag '{key}'."));

        group.MapPost("/", async Task<Results<Created<FlagDefinition>, ProblemHttpResult, ValidationProblem>> (
            FlagDefinition flag, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
        {
            var (change, error) = await editor.EditAsync(catalog =>
            {
                if (catalog.Flag(flag.Key) is not null)
                {
                    return Edit.Fail(StatusCodes.Status409Conflict, FlagsProblemCodes.FlagExists, $"Flag '{flag.Key}' exists; PUT replaces it.");
                }

                return Validated(catalog, flag with { Rollout = null }) ?? Edit.OfFlag(catalog, FlagsChange.FlagChanged, null, flag with { Rollout = null });
            }, http.Author(), ct);
            return error is not null ? Problem(error) : TypedResults.Created($"/v1/flags/{flag.Key}", change!.After);
        });

        group.MapPut("/{key}", async Task<Results<Ok<FlagDefinition>, ProblemHttpResult, ValidationProblem>> (
            string key, FlagDefinition flag, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
        {
            if (flag.Key != key)
            {
                return Problems.Validation([new("key", [$"The body's key must be '{key}'."])]);
            }

            var (change, error) = await editor.EditAsync(catalog =>
            {
                var before = catalog.Flag(key);
                var after = flag with { Rollout = before?.Rollout };
                return Validated(catalog, after) ?? Edit.OfFlag(catalog, FlagsChange.FlagChanged, before, after);
            }, http.Author(), ct);
            return error is not null ? Problem(error) : TypedResults.Ok(change!.After!);
        });

        group.MapDelete("/{key}", async Task<Results<NoContent, ProblemHttpResult>> (string key, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
        {
            var (_, error) = await editor.EditAsync(catalog => catalog.Flag(key) is { } before
                ? Edit.OfFlag(catalog, FlagsChange.FlagDeleted, before, null)
                : Edit.FlagNotFound(key), http.Author(), ct);
            return error is not null ? Problems.Problem(error.Status, error.Code, error.Detail) : TypedResults.NoContent();
        });

        group.MapPost("/{key}/kill", (string key, ChangeNote? note, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
            SetEnabled(key, false, note, editor, http, ct));

        group.MapPost("/{key}/enable", (string key, ChangeNote? note, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
            SetEnabled(key, true, note, editor, http, ct));

        return group;
    }

    /// <summary>The kill switch (and its undo): one change, applied by every evaluator as soon as the event arrives.</summary>
    internal static async Task<Results<Ok<FlagDefinition>, ProblemHttpResult>> SetEnabled(
        string key, bool enabled, ChangeNote? note, CatalogEditor editor, HttpContext http, CancellationToken ct)
    {
        FlagDefinition? current = null;
        var (change, error) = await editor.EditAsync(catalog =>
        {
            current = catalog.Flag(key);
            return current is null ? Edit.FlagNotFound(key)
                : current.Enabled == enabled ? Edit.Unchanged
                : Edit.OfFlag(catalog, FlagsChange.FlagChanged, current, current with { Enabled = enabled });
        }, http.Author(note?.Reason), ct);
        return error is not null
            ? Problems.Problem(error.Status, error.Code, error.Detail)
            : TypedResults.Ok(change?.After ?? current!);
    }

    private static Edit? Validated(FlagCatalog catalog, FlagDefinition flag) =>
        FlagValidation.Check(flag, catalog.Segments) is { Count: > 0 } errors
            ? Edit.Fail(StatusCodes.Status400BadRequest, FlagsProblemCodes.InvalidFlag,
                string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
            : null;

    private static ProblemHttpResult Problem(EditError error) => Problems.Problem(error.Status, error.Code, error.Detail);
}

/// <summary>An optional body saying why (kill, enable, pause...).</summary>
internal sealed record ChangeNote(string? Reason);
