using System.Net.Http.Json;
using System.Text.Json;

namespace GoLive.Compliance.Tests;

public sealed class DataSubjectRequestDeadlineTests(DataSubjectRequestApp fixture) : IClassFixture<DataSubjectRequestApp>
{
    private readonly HttpClient _app = fixture.App.Operator;

    private static CancellationToken Ct => CancellationToken.None;

    private async Task<string> OpenAsync(string subject, string regulation)
    {
        var response = await _app.PostAsJsonAsync("/v1/data-subject-requests",
            new { type = "erasure", subjectId = subject, email = $"{subject}@example.com", regulation }, Ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> GetAsync(string id) => await _app.GetFromJsonAsync<JsonElement>($"/v1/data-subject-requests/{id}", Ct);

    private async Task<int> OverdueEntriesAsync(string id) =>
        (await _app.GetFromJsonAsync<JsonElement>($"/v1/entries?resource=data-subject-requests/{id}&limit=100", Ct))
            .GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("fields").GetProperty("action").GetString() == "dsr.overdue");

    private static bool Overdue(JsonElement request) => request.TryGetProperty("overdueAt", out var at) && at.ValueKind != JsonValueKind.Null;

    [Fact]
    public async Task An_open_request_past_its_deadline_raises_overdue_once_and_a_canceled_or_ccpa_one_does_not()
    {
        var gdpr = await OpenAsync("subj-late", "gdpr");
        var ccpa = await OpenAsync("subj-late-ccpa", "ccpa");
        var canceled = await OpenAsync("subj-late-canceled", "gdpr");
        await _app.PostAsJsonAsync($"/v1/data-subject-requests/{canceled}/cancel", new { reason = "duplicate of a ticket" }, Ct);

        fixture.Clock.Advance(TimeSpan.FromDays(29));
        await Task.Delay(300, Ct);  // let the sweep of day 29 run
        Assert.False(Overdue(await GetAsync(gdpr)));

        fixture.Clock.Advance(TimeSpan.FromDays(2));
        await Eventually.TrueAsync(async () => Overdue(await GetAsync(gdpr)), TimeSpan.FromSeconds(10), "the GDPR request is overdue");
        for (var i = 0; i < 3; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(100, Ct);
        }

        Assert.Equal(1, await OverdueEntriesAsync(gdpr));
        Assert.False(Overdue(await GetAsync(ccpa)));
        Assert.False(Overdue(await GetAsync(canceled)));
        fixture.Clock.Advance(TimeSpan.FromDays(15));
        await Eventually.TrueAsync(async () => Overdue(await GetAsync(ccpa)), TimeSpan.FromSeconds(10), "the CCPA request is overdue at 45 days");
        Assert.Equal(1, await OverdueEntriesAsync(gdpr));
        Assert.Equal(0, await OverdueEntriesAsync(canceled));
    }
}
