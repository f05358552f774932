using System.Text.Json;

namespace GoLive.ServiceDefaults.Privacy;

/// <summary>
/// Who a data-subject request is about: the platform's subject id and the email the identity claim was verified on.
/// Every service holding personal data matches on whichever of the two it stores.
/// </summary>
public sealed record DataSubject(string? SubjectId, string? Email)
{
    public const int MaxSubjectIdLength = 200;
    public const int MaxEmailLength = 254;

    /// <summary>Field errors (camelCase names), empty when valid.</summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(SubjectId) || SubjectId.Length > MaxSubjectIdLength)
        {
            errors["subjectId"] = [$"Required, at most {MaxSubjectIdLength} characters."];
        }

        if (string.IsNullOrWhiteSpace(Email) || Email.Length > MaxEmailLength || !Email.Contains('@', StringComparison.Ordinal))
        {
            errors["email"] = [$"Required, an email address of at most {MaxEmailLength} characters."];
        }

        return errors;
    }

    /// <summary>True when <paramref name="value"/> is this subject's id or email (emails compare case-insensitively).</summary>
    public bool Names(string? value) =>
        value is not null && (value == SubjectId || string.Equals(value.Trim(), Email?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One kind of personal data a service holds about the subject. <see cref="Records"/> are JSON objects; when each is
/// flat (scalar values only) Compliance also renders the set as CSV in the export archive.
/// </summary>
public sealed record PersonalDataSet(string Name, string Description, IReadOnlyList<JsonElement> Records)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PersonalDataSet Of<T>(string name, string description, IEnumerable<T> records) =>
        new(name, description, [.. records.Select(r => JsonSerializer.SerializeToElement(r, Json))]);
}

/// <summary>What <c>POST /privacy/export</c> answers: everything this service holds about the subject.</summary>
/// <param name="HoldsPersonalData">False for a service that holds no personal data by design (its sets are then empty).</param>
public sealed record SubjectExport(string Service, string SubjectId, bool HoldsPersonalData, IReadOnlyList<PersonalDataSet> Datasets);

/// <summary>What <c>POST /privacy/erase</c> answers: how many items were deleted or anonymised, and what was done, in words.</summary>
public sealed record SubjectErasure(string Service, string SubjectId, bool HoldsPersonalData, int Erased, IReadOnlyList<string> Actions);

/// <summary>
/// A service's part of data-subject requests. Implement it, register it, and map it with
/// <c>app.MapPrivacyContract&lt;T&gt;()</c>; the Compliance workflow calls every participant through Dapr invocation.
/// Both calls must be idempotent (a retried erase after a crash erases nothing more and still answers).
/// </summary>
public interface IPersonalDataHolder
{
    /// <summary>The subject's data as this service holds it (also read-only: nothing changes).</summary>
    Task<IReadOnlyList<PersonalDataSet>> ExportAsync(DataSubject subject, CancellationToken cancellationToken);

    /// <summary>Deletes or anonymises the subject's personal data; answers the count and a line per kind of change.</summary>
    Task<(int Erased, IReadOnlyList<string> Actions)> EraseAsync(DataSubject subject, CancellationToken cancellationToken);

    /// <summary>False for a service that holds no personal data by design.</summary>
    bool HoldsPersonalData => true;
}
