using System.Text.Json;

namespace GoLive.ServiceDefaults.Tests.Infrastructure;

internal static class ProblemResponse
{
    /// <summary>Asserts the response is an RFC 9457 problem with the status and code, and returns its body.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(
            response.Headers.GetValues("X-Correlation-Id").Single(),
            problem.GetProperty("correlationId").GetString());
        return problem;
    }
}
