using System.Net.Http.Json;
using System.Text;
using GoLive.ServiceDefaults.Tests.Infrastructure;

namespace GoLive.ServiceDefaults.Tests;

public sealed class ProblemDetailsTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Unhandled_exception_becomes_a_500_problem_without_message_or_stack_trace(string environment)
    {
        await using var app = await TestApp.StartAsync(environment: environment);

        using var response = await app.Client.GetAsync(new Uri("/boom", UriKind.Relative));

        var problem = await ProblemResponse.ReadAsync(response, 500, ProblemCodes.InternalError);
        var body = problem.GetRawText();
        Assert.DoesNotContain("Sensitive internal detail", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain(" at ", body);
    }

    [Fact]
    public async Task Unknown_route_becomes_a_404_problem()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/nowhere", UriKind.Relative));

        await ProblemResponse.ReadAsync(response, 404, ProblemCodes.NotFound);
    }

    [Fact]
    public async Task Wrong_method_becomes_a_405_problem()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.DeleteAsync(new Uri("/correlation", UriKind.Relative));

        await ProblemResponse.ReadAsync(response, 405, ProblemCodes.MethodNotAllowed);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Malformed_json_body_becomes_a_400_invalid_json_problem(string environment)
    {
        await using var app = await TestApp.StartAsync(environment: environment);
        using var content = new StringContent("{\"name\": \"widget\", ", Encoding.UTF8, "application/json");

        using var response = await app.Client.PostAsync(new Uri("/orders", UriKind.Relative), content);

        await ProblemResponse.ReadAsync(response, 400, ProblemCodes.InvalidJson);
    }

    [Fact]
    public async Task Body_that_is_not_json_becomes_a_415_problem()
    {
        await using var app = await TestApp.StartAsync();
        using var content = new StringContent("name=widget", Encoding.UTF8, "text/plain");

        using var response = await app.Client.PostAsync(new Uri("/orders", UriKind.Relative), content);

        await ProblemResponse.ReadAsync(response, 415, ProblemCodes.UnsupportedMediaType);
    }

    [Fact]
    public async Task Well_formed_json_body_reaches_the_endpoint()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(new Uri("/orders", UriKind.Relative), new { name = "widget", quantity = 2 });

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Endpoint_problem_keeps_its_own_code_and_gets_the_correlation_id()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/orders/42", UriKind.Relative));

        var problem = await ProblemResponse.ReadAsync(response, 404, "order_not_found");
        Assert.Equal("No order 42.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Validation_problem_lists_field_errors_under_validation_failed()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.PostAsync(new Uri("/orders/validate", UriKind.Relative), content: null);

        var problem = await ProblemResponse.ReadAsync(response, 400, ProblemCodes.ValidationFailed);
        Assert.Equal("Name is required.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }
}
