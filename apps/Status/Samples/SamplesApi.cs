using System.Text.Json;
using Dapr;
using GoLive.DaprAccess;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using DaprComponents = GoLive.DaprAccess.Components;

namespace GoLive.Status.Samples;

/// <summary><c>POST /v1/samples</c> (any app through its sidecar, or an operator with <c>status:ingest</c>) and the <c>status-samples</c> subscription.</summary>
internal static class SamplesApi
{
    public const string Topic = Topics.StatusSamples;
    public const string NotReady = "metrics_not_ready";

    public static IEndpointRouteBuilder MapSamples(this IEndpointRouteBuilder routes, long maxBodyBytes)
    {
        routes.MapPost("/v1/samples", IngestAsync)
            .WithMetadata(new RequestSizeLimitAttribute(maxBodyBytes))
            .Accepts<SampleBatch>("application/json")
            .WithName("IngestSamples")
            .WithSummary("Stores a batch of samples; all or nothing.")
            .RequireOperator(OperatorRoles.StatusIngest).AllowAnyApp().SkipAudit(); // a feed, not an administrative action

        routes.MapPost("/v1/samples/events", ConsumeAsync)
            .WithMetadata(new RequestSizeLimitAttribute(maxBodyBytes))
            .WithTopic(new TopicOptions { PubsubName = DaprComponents.PubSub, Name = Topic, DeadLetterTopic = Topics.DeadLetter(Topic) })
            .ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<IngestResult>, ValidationProblem, ProblemHttpResult>> IngestAsync(
        HttpRequest request, SampleIngestor ingestor, IOptionsMonitor<IngestOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!ingestor.Ready)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, NotReady, "Metrics are still being restored; retry shortly.");
        }

        // Checked here too, not only by Kestrel's limit: hosts without that feature (test server, some proxies) must refuse as well.
        var limit = options.CurrentValue.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, $"A batch body may be at most {limit} bytes.");
        }

        SampleBatch? batch;
        try
        {
            batch = await request.ReadFromJsonAsync<SampleBatch>(json.Value.SerializerOptions, cancellationToken);
        }
        catch (JsonException)
        {
            return Problems.BadRequest(ProblemCodes.InvalidJson, "The request body is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Send application/json.");
        }

        var (accepted, errors) = await ingestor.IngestAsync(batch, cancellationToken);
        return errors is null
            ? TypedResults.Ok(new IngestResult(accepted))
            : Problems.Validation(errors, "The batch was rejected; no sample of it was stored.");
    }

    // A batch that can never be valid is dropped to the dead-letter topic; a store failure is retried.
    private static async Task<IResult> ConsumeAsync(SampleBatch? batch, SampleIngestor ingestor, CancellationToken cancellationToken)
    {
        if (!ingestor.Ready)
        {
            return TypedResults.Ok(new { status = "RETRY" });
        }

        var (_, errors) = await ingestor.IngestAsync(batch, cancellationToken);
        return TypedResults.Ok(new { status = errors is null ? "SUCCESS" : "DROP" });
    }
}
