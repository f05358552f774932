using GoLive.Compliance.Log;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Compliance.Heads;

/// <summary>Signed tree heads, the public key to check them, and whole-log verification.</summary>
internal static class TreeHeadsApi
{
    public static IEndpointRouteBuilder MapTreeHeads(this IEndpointRouteBuilder routes)
    {
        // Heads and the public key are read by officers, auditors and partners (through the gateway); signing is an officer's.
        var group = routes.MapGroup("/v1").WithTags("Tree heads").RequireOperator(OperatorRoles.ComplianceOfficer, OperatorRoles.ComplianceAuditor);
        group.MapGet("/tree-heads/latest", async Task<Results<Ok<SignedTreeHead>, ProblemHttpResult>> (TreeHeads heads, CancellationToken ct) =>
            await heads.LatestAsync(ct) is { } head ? TypedResults.Ok(head) : Problems.NotFound(ComplianceProblems.NoTreeHead, "No tree head signed yet."))
            .AllowApps("gateway");
        group.MapGet("/tree-heads/{treeSize:long}", async Task<Results<Ok<SignedTreeHead>, ProblemHttpResult>> (long treeSize, TreeHeads heads,
            CancellationToken ct) =>
            await heads.AtSizeAsync(treeSize, ct) is { } head ? TypedResults.Ok(head) : Problems.NotFound(ComplianceProblems.NoTreeHead, $"No head of size {treeSize}."))
            .AllowApps("gateway");
        group.MapPost("/tree-heads", async (TreeHeads heads, CancellationToken ct) => TypedResults.Ok(await heads.SignAsync(cancellationToken: ct)))
            .RequireOperator(OperatorRoles.ComplianceOfficer);
        group.MapGet("/keys", async (TreeHeads heads, CancellationToken ct) =>
        {
            var (keyId, pem) = await heads.PublicKeyAsync(ct);
            return TypedResults.Ok(new KeySet([new PublicKeyView(keyId, "ES256", "ecdsa-p256-sha256-p1363", pem)]));
        }).AllowApps("gateway");
        group.MapPost("/verify", async (LogVerifier verifier, CancellationToken ct) => TypedResults.Ok(await verifier.VerifyAsync(ct)));
        return routes;
    }
}

internal sealed record KeySet(IReadOnlyList<PublicKeyView> Keys);

internal sealed record PublicKeyView(string KeyId, string Algorithm, string SignatureFormat, string PublicKeyPem);
