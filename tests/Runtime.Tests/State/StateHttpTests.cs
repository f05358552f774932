using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.State;

/// <summary>The state API over HTTP, as non-SDK clients (curl, any language) use it; bad input changes nothing.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class StateHttpTests(RuntimeFixture runtime)
{
    /// <summary>Every state store of the run: embedded ones always, PostgreSQL and Redis when their servers are part of it.</summary>
    public static TheoryData<string> Stores => TestServers.Included
        ? ["statestore", "sqlitestore", "pgstore", "redisstore"]
        : ["statestore", "sqlitestore"];

    private HttpClient Http => runtime.SidecarHttp;

    private static string NewKey() => "h-" + Guid.NewGuid().ToString("N");

    /// <summary>daprd sends the ETag unquoted, which .NET's typed <c>ETag</c> header does not parse.</summary>
    private static string ETagOf(HttpResponseMessage response) => response.Headers.NonValidated["ETag"].ToString();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory, MemberData(nameof(Stores))]
    public async Task Saved_json_is_returned_as_saved_with_its_etag(string store)
    {
        var key = NewKey();
        var save = await Http.PostAsync($"/v1.0/state/{store}", Json($$$"""[{"key":"{{{key}}}","value":{"total":12.5,"items":["a"]}}]"""));
        Assert.Equal(HttpStatusCode.NoContent, save.StatusCode);
        var get = await Http.GetAsync($"/v1.0/state/{store}/{key}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        // Compared as JSON: PostgreSQL's jsonb keeps the data but not the spacing or key order.
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse("""{"total":12.5,"items":["a"]}"""),
            System.Text.Json.Nodes.JsonNode.Parse(await get.Content.ReadAsStringAsync())));
        Assert.Matches("^[0-9]+$", ETagOf(get));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_missing_key_answers_204(string store) =>
        Assert.Equal(HttpStatusCode.NoContent, (await Http.GetAsync($"/v1.0/state/{store}/{NewKey()}")).StatusCode);

    [Theory, MemberData(nameof(Stores))]
    public async Task A_stale_etag_is_409_and_keeps_the_stored_value(string store)
    {
        var key = NewKey();
        await Http.PostAsync($"/v1.0/state/{store}", Json($$$"""[{"key":"{{{key}}}","value":1}]"""));
        var etag = ETagOf(await Http.GetAsync($"/v1.0/state/{store}/{key}"));
        await Http.PostAsync($"/v1.0/state/{store}", Json($$$"""[{"key":"{{{key}}}","value":2,"etag":"{{{etag}}}"}]"""));
        var stale = await Http.PostAsync($"/v1.0/state/{store}", Json($$$"""[{"key":"{{{key}}}","value":3,"etag":"{{{etag}}}"}]"""));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("ERR_STATE_SAVE", await stale.Content.ReadAsStringAsync());
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v1.0/state/{store}/{key}");
        delete.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.SendAsync(delete)).StatusCode);
        Assert.Equal("2", await Http.GetStringAsync($"/v1.0/state/{store}/{key}"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Bulk_get_and_transactions_work_over_http(string store)
    {
        var (a, b) = (NewKey(), NewKey());
        var transaction = await Http.PostAsync($"/v1.0/state/{store}/transaction", Json($$$"""
            {"operations":[{"operation":"upsert","request":{"key":"{{{a}}}","value":"A"} },
                           {"operation":"upsert","request":{"key":"{{{b}}}","value":{"n":2} } } ] }
            """));
        Assert.Equal(HttpStatusCode.NoContent, transaction.StatusCode);
        var bulk = await Http.PostAsync($"/v1.0/state/{store}/bulk", Json($$$"""{"keys":["{{{a}}}","{{{b}}}"]}"""));
        var items = (await bulk.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.Equal("A", items[a].GetProperty("data").GetString());
        Assert.Equal(2, items[b].GetProperty("data").GetProperty("n").GetInt32());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"key":"k","value":1}""")]
    [InlineData("""[{"value":1}]""")]
    [InlineData("""[{"key":"ok-1","value":1},{"key":42,"value":2}]""")]
    public async Task A_malformed_save_is_400_and_stores_nothing(string body)
    {
        var response = await Http.PostAsync("/v1.0/state/statestore", Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ERR_MALFORMED_REQUEST", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.GetAsync("/v1.0/state/statestore/ok-1")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_transaction_operation_is_refused_and_nothing_is_applied()
    {
        var key = NewKey();
        var response = await Http.PostAsync("/v1.0/state/statestore/transaction", Json($$$"""
            {"operations":[{"operation":"upsert","request":{"key":"{{{key}}}","value":1}},{"operation":"merge","request":{"key":"x"}}]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Http.GetAsync($"/v1.0/state/statestore/{key}")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_store_is_400_with_daprs_error_code()
    {
        var response = await Http.GetAsync("/v1.0/state/nosuchstore/k");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ERR_STATE_STORE_NOT_FOUND", await response.Content.ReadAsStringAsync());
    }
}
