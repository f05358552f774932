using System.Net.Http.Json;
using System.Text.Json;
using GoLive.ServiceDefaults.Privacy;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.ServiceDefaults.Tests;

public sealed class PrivacyContractTests
{
    /// <summary>Holds one contact per subject; erasing forgets it. Built from the container without being registered.</summary>
    private sealed class Contacts(ContactBook book) : IPersonalDataHolder
    {
        public Task<IReadOnlyList<PersonalDataSet>> ExportAsync(DataSubject subject, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PersonalDataSet>>([PersonalDataSet.Of("contacts", "Contact emails.",
                book.Emails.Where(subject.Names).Select(e => new { email = e }))]);

        public Task<(int Erased, IReadOnlyList<string> Actions)> EraseAsync(DataSubject subject, CancellationToken cancellationToken)
        {
            var erased = book.Emails.RemoveAll(subject.Names);
            return Task.FromResult<(int, IReadOnlyList<string>)>((erased, [$"forgot {erased} contact(s)"]));
        }
    }

    private sealed class ContactBook
    {
        public List<string> Emails { get; } = ["Ada@Example.com", "bob@example.com"];
    }

    private static Task<TestApp> StartAsync() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["APP_ID"] = "contacts" },
        configureServices: s => s.AddSingleton<ContactBook>(), map: app => app.MapPrivacyContract<Contacts>());

    [Fact]
    public async Task A_service_writes_only_its_logic_and_answers_export_then_erase_in_the_shared_shape()
    {
        await using var app = await StartAsync();
        var subject = new { subjectId = "subj_1", email = "ada@example.com" };

        var export = await (await app.Client.PostAsJsonAsync("/privacy/export", subject)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("contacts", export.GetProperty("service").GetString());
        Assert.True(export.GetProperty("holdsPersonalData").GetBoolean());
        var record = Assert.Single(export.GetProperty("datasets")[0].GetProperty("records").EnumerateArray());
        Assert.Equal("Ada@Example.com", record.GetProperty("email").GetString());

        var erase = await (await app.Client.PostAsJsonAsync("/privacy/erase", subject)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, erase.GetProperty("erased").GetInt32());
        var again = await (await app.Client.PostAsJsonAsync("/privacy/erase", subject)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("erased").GetInt32());
    }

    [Theory]
    [InlineData("""{"subjectId":"","email":"ada@example.com"}""", "subjectId")]
    [InlineData("""{"subjectId":"subj_1","email":"not-an-address"}""", "email")]
    [InlineData("""{"subjectId":"subj_1"}""", "email")]
    public async Task A_request_without_a_subject_id_or_an_email_address_is_a_validation_problem(string body, string field)
    {
        await using var app = await StartAsync();

        using var response = await app.Client.PostAsync(new Uri("/privacy/erase", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemResponse.ReadAsync(response, 400, ProblemCodes.ValidationFailed);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }
}
