using GoLive.ServiceDefaults.Privacy;

namespace GoLive.Status.Privacy;

/// <summary>
/// Status's part of the privacy contract. It holds no personal data by design: samples are anonymous measurements,
/// incidents, updates and maintenance windows are public text with no author, and no operator identity is stored.
/// So it answers honestly that it holds nothing, and erasing changes nothing. (Operators must keep names and emails
/// out of incident text; the README says so.)
/// </summary>
internal sealed class NoPersonalData : IPersonalDataHolder
{
    public bool HoldsPersonalData => false;

    public Task<IReadOnlyList<PersonalDataSet>> ExportAsync(DataSubject subject, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PersonalDataSet>>([]);

    public Task<(int Erased, IReadOnlyList<string> Actions)> EraseAsync(DataSubject subject, CancellationToken cancellationToken) =>
        Task.FromResult<(int, IReadOnlyList<string>)>((0, ["holds no personal data: nothing to erase"]));
}
