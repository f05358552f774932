// DaprClient 1.19 marks its invocation methods obsolete, yet apps still call them: the runtime must serve them.
#pragma warning disable CS0618

using System.Net;
using System.Net.Http.Json;
using Dapr.Client;
using GoLive.Runtime.TestApp;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Invocation;

[Collection(RuntimeCollection.Name)]
public sealed class InvocationTests(RuntimeFixture runtime)
{
    private const string AppId = RuntimeFixture.AppId;

    private sealed record Order(string Id, int Quantity);

    [Fact]
    public async Task Sdk_invoke_method_posts_json_and_returns_the_apps_json_reply()
    {
        var reply = await runtime.Client.InvokeMethodAsync<Order, EchoReply>(HttpMethod.Post, AppId, "echo/orders", new Order("o-1", 3));

        Assert.Equal("POST", reply.Method);
        Assert.Equal("/echo/orders", reply.Path);
        Assert.Equal("""{"id":"o-1","quantity":3}""", reply.Body);
        Assert.StartsWith("application/json", reply.Headers["content-type"]);
    }

    [Fact]
    public async Task Sdk_invoke_method_request_keeps_query_string_and_relays_the_response()
    {
        var request = runtime.Client.CreateInvokeMethodRequest(HttpMethod.Put, AppId, "echo/items",
            [new("color", "blue"), new("size", "x l")], new Order("o-2", 1));

        using var response = await runtime.Client.InvokeMethodWithResponseAsync(request);
        var reply = await response.Content.ReadFromJsonAsync<EchoReply>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PUT", reply!.Method);
        Assert.Equal("?color=blue&size=x%20l", reply.Query);
    }

    [Fact]
    public async Task Invoke_http_client_keeps_verb_path_query_and_custom_headers()
    {
        using var http = DaprClient.CreateInvokeHttpClient(AppId, runtime.Sidecar.HttpEndpoint);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"http://{AppId}/echo/a/b?x=1&y=two");
        request.Headers.Add("x-custom", "kept");

        using var response = await http.SendAsync(request);
        var reply = await response.Content.ReadFromJsonAsync<EchoReply>();

        Assert.Equal("DELETE", reply!.Method);
        Assert.Equal("/echo/a/b", reply.Path);
        Assert.Equal("?x=1&y=two", reply.Query);
        Assert.Equal("kept", reply.Headers["x-custom"]);
    }

    [Fact]
    public async Task App_status_headers_and_body_are_relayed_unchanged()
    {
        using var response = await runtime.SidecarHttp.GetAsync($"/v1.0/invoke/{AppId}/method/teapot");

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal("short-and-stout", response.Headers.GetValues("x-teapot").Single());
        Assert.Equal("I'm a teapot", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sdk_reports_a_non_success_status_from_the_app_as_an_invocation_exception()
    {
        var error = await Assert.ThrowsAsync<InvocationException>(() => runtime.Client.InvokeMethodAsync(HttpMethod.Get, AppId, "teapot"));

        Assert.Equal(418, (int)error.Response.StatusCode);
    }

    [Fact]
    public async Task Header_form_with_dapr_app_id_reaches_the_app_on_any_path()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/echo/by-header?q=1") { Content = new StringContent("hello") };
        request.Headers.Add("dapr-app-id", AppId);

        using var response = await runtime.SidecarHttp.SendAsync(request);
        var reply = await response.Content.ReadFromJsonAsync<EchoReply>();

        Assert.Equal("PATCH", reply!.Method);
        Assert.Equal("/echo/by-header", reply.Path);
        Assert.Equal("?q=1", reply.Query);
        Assert.Equal("hello", reply.Body);
    }

    [Fact]
    public async Task Header_form_does_not_shadow_the_sidecars_own_api_routes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/metadata");
        request.Headers.Add("dapr-app-id", AppId);

        using var response = await runtime.SidecarHttp.SendAsync(request);

        Assert.Contains($"\"id\":\"{AppId}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_path_without_dapr_app_id_is_not_found()
    {
        using var response = await runtime.SidecarHttp.GetAsync("/echo/nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task App_id_with_a_namespace_suffix_reaches_the_app()
    {
        var reply = await runtime.SidecarHttp.GetFromJsonAsync<EchoReply>($"/v1.0/invoke/{AppId}.default/method/echo/ns");

        Assert.Equal("/echo/ns", reply!.Path);
    }

    [Fact]
    public async Task Verb_and_method_path_are_matched_case_insensitively_and_the_app_sees_its_own_host()
    {
        var reply = await runtime.SidecarHttp.GetFromJsonAsync<EchoReply>($"/V1.0/Invoke/{AppId}/Method/echo/Mixed%20Case");

        Assert.Equal("/echo/Mixed Case", reply!.Path);
        Assert.Equal(runtime.AppHttp.BaseAddress!.Authority, reply.Headers["host"]);
    }

    [Fact]
    public async Task Double_leading_slash_is_normalised_before_routing()
    {
        var reply = await runtime.SidecarHttp.GetFromJsonAsync<EchoReply>($"{runtime.Sidecar.HttpEndpoint}//v1.0/invoke/{AppId}/method/echo/double");

        Assert.Equal("/echo/double", reply!.Path);
    }

    [Fact]
    public async Task Unknown_app_id_fails_with_err_direct_invoke_naming_the_app()
    {
        var error = await Assert.ThrowsAsync<InvocationException>(() => runtime.Client.InvokeMethodAsync(HttpMethod.Get, "nobody-home", "echo/x"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        var body = await error.Response.Content.ReadAsStringAsync();
        Assert.Contains("ERR_DIRECT_INVOKE", body);
        Assert.Contains("nobody-home", body);
    }

    [Fact]
    public async Task Traceparent_sent_by_the_caller_reaches_the_app_with_its_trace_id()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1.0/invoke/{AppId}/method/echo/trace");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.Add("tracestate", "golive=1");

        using var response = await runtime.SidecarHttp.SendAsync(request);
        var reply = await response.Content.ReadFromJsonAsync<EchoReply>();

        Assert.Equal(traceId, reply!.Headers["traceparent"].Split('-')[1]);
        Assert.Equal("golive=1", reply.Headers["tracestate"]);
    }

    [Fact]
    public async Task A_trace_context_is_created_when_the_caller_sends_none()
    {
        var reply = await runtime.SidecarHttp.GetFromJsonAsync<EchoReply>($"/v1.0/invoke/{AppId}/method/echo/no-trace");

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", reply!.Headers["traceparent"]);
    }

    [Fact]
    public async Task Callers_api_token_is_not_passed_on_and_caller_and_callee_ids_are_set()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1.0/invoke/{AppId}/method/echo/ids");
        request.Headers.Add("dapr-api-token", "callers-own-token");

        using var response = await runtime.SidecarHttp.SendAsync(request);
        var reply = await response.Content.ReadFromJsonAsync<EchoReply>();

        Assert.False(reply!.Headers.ContainsKey("dapr-api-token"));
        Assert.Equal(AppId, reply.Headers["dapr-caller-app-id"]);
        Assert.Equal(AppId, reply.Headers["dapr-callee-app-id"]);
    }

    [Fact]
    public async Task Response_is_streamed_to_the_caller_before_the_app_has_finished()
    {
        var gate = Guid.NewGuid().ToString("N");
        using var response = await runtime.SidecarHttp.GetAsync($"/v1.0/invoke/{AppId}/method/slow/{gate}", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];

        var first = await body.ReadAtLeastAsync(buffer, "first;".Length);
        Assert.Equal("first;", System.Text.Encoding.UTF8.GetString(buffer, 0, first));

        (await runtime.AppHttp.PostAsync($"/slow/{gate}/release", null)).EnsureSuccessStatusCode();
        using var rest = new StreamReader(body);
        Assert.Equal("second", await rest.ReadToEndAsync());
    }
}
