using System.Text.Json;

namespace GoLive.Runtime.TestApp;

/// <summary>Input binding targets: <c>tick</c> listens; <c>silent</c> says (through OPTIONS) that it does not.</summary>
internal static class BindingScenarios
{
    public static void MapBindingScenarios(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/tick", ["OPTIONS"], () => Results.Ok());
        app.MapPost("/tick", (HttpRequest request, Inbox inbox) =>
        {
            inbox.Add("tick", JsonSerializer.SerializeToElement(request.Headers["readTimeUTC"].ToString()));
            return Results.Ok();
        });
        app.MapMethods("/silent", ["OPTIONS"], () => Results.NotFound());
        app.MapPost("/silent", (Inbox inbox) =>
        {
            inbox.Add("silent", JsonSerializer.SerializeToElement("called"));
            return Results.Ok();
        });
    }
}
