using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GoLive.ServiceDefaults.Privacy;

/// <summary>The two routes of the privacy contract, the same in every service (see <see cref="IPersonalDataHolder"/>).</summary>
public static class PrivacyContractEndpoints
{
    /// <summary>
    /// Maps <c>POST /privacy/export</c> and <c>POST /privacy/erase</c> (body <c>{subjectId, email}</c>) onto
    /// <typeparamref name="THolder"/>, resolved from the container. Bad input is a <c>validation_failed</c> problem.
    /// </summary>
    public static RouteGroupBuilder MapPrivacyContract<THolder>(this IEndpointRouteBuilder routes) where THolder : IPersonalDataHolder
    {
        var group = routes.MapGroup("/privacy").WithTags("Privacy");
        group.MapPost("/export", async Task<Results<Ok<SubjectExport>, ValidationProblem>> (DataSubject subject, HttpContext http,
            IConfiguration configuration, IHostEnvironment environment, CancellationToken ct) =>
        {
            if (Normalise(subject) is not { } valid) return Problems.Validation(subject.Errors());
            var holder = Holder<THolder>(http);
            var datasets = await holder.ExportAsync(valid, ct);
            return TypedResults.Ok(new SubjectExport(ServiceName(configuration, environment), valid.SubjectId!, holder.HoldsPersonalData, datasets));
        });
        group.MapPost("/erase", async Task<Results<Ok<SubjectErasure>, ValidationProblem>> (DataSubject subject, HttpContext http,
            IConfiguration configuration, IHostEnvironment environment, CancellationToken ct) =>
        {
            if (Normalise(subject) is not { } valid) return Problems.Validation(subject.Errors());
            var holder = Holder<THolder>(http);
            var (erased, actions) = await holder.EraseAsync(valid, ct);
            return TypedResults.Ok(new SubjectErasure(ServiceName(configuration, environment), valid.SubjectId!, holder.HoldsPersonalData, erased, actions));
        });
        return group;
    }

    // Registered or not: the holder is built from the container, so mapping the contract is the service's one line.
    private static THolder Holder<THolder>(HttpContext http) => ActivatorUtilities.GetServiceOrCreateInstance<THolder>(http.RequestServices);

    private static DataSubject? Normalise(DataSubject subject) =>
        subject.Errors().Count > 0 ? null : new DataSubject(subject.SubjectId!.Trim(), subject.Email!.Trim());

    private static string ServiceName(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["APP_ID"] is { Length: > 0 } appId ? appId : environment.ApplicationName;
}
