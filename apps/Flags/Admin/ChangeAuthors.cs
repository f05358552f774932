using GoLive.Flags.Catalog;
using GoLive.ServiceDefaults.Operators;

namespace GoLive.Flags.Admin;

/// <summary>
/// Who changed the catalog: the operator of the request (admin routes need role <c>flags:admin</c>); <c>X-Change-Reason</c>
/// says why. Both go into the change's audit event (<see cref="GoLive.Flags.Client.FlagsChange"/>).
/// </summary>
internal static class ChangeAuthors
{
    public const string ReasonHeader = "X-Change-Reason";

    public static ChangeAuthor Author(this HttpContext http, string? reason = null) => new(
        http.GetOperator()?.Name ?? "unknown-operator",
        reason ?? http.Request.Headers[ReasonHeader].FirstOrDefault());
}
