using System.Text.Json.Nodes;

namespace GoLive.Gateway.ApiDocs;

/// <summary>
/// What a partner needs beside the shapes: how each operation is authenticated (a <c>partnerKey</c> bearer with the route's
/// scope, or an operator's credentials with role <c>gateway:admin</c>) and a copy-paste <c>curl</c> example against this gateway (<c>x-codeSamples</c>, shown by Scalar).
/// </summary>
internal static class PartnerExamples
{
    private const string PartnerScheme = "partnerKey";
    private const string OperatorScheme = "operatorKey";
    private static readonly HashSet<string> Verbs = new(StringComparer.OrdinalIgnoreCase) { "get", "put", "post", "delete", "patch", "head", "options" };

    public static bool IsVerb(string name) => Verbs.Contains(name);

    public static void Describe(JsonObject document, string baseUrl)
    {
        var components = document["components"] as JsonObject ?? [];
        document["components"] = components;
        components["securitySchemes"] = new JsonObject
        {
            [PartnerScheme] = new JsonObject
            {
                ["type"] = "http", ["scheme"] = "bearer",
                ["description"] = "A partner key `glk_<env>_…` with the operation's scope (x-required-scope).",
            },
            [OperatorScheme] = new JsonObject
            {
                ["type"] = "http", ["scheme"] = "bearer",
                ["description"] = "Operators only: an operator key `glo_…` (tools/Operators) or an OpenID Connect token, with role gateway:admin.",
            },
        };
        foreach (var (path, item) in document["paths"] as JsonObject ?? [])
        {
            if (item is not JsonObject operations) continue;
            foreach (var (verb, node) in operations)
            {
                if (!IsVerb(verb) || node is not JsonObject operation) continue;
                var scope = operation["x-required-scope"]?.GetValue<string>();
                var admin = scope is null && path.StartsWith("/admin/", StringComparison.Ordinal);
                if (scope is null && !admin) continue;
                operation["security"] = new JsonArray(new JsonObject
                {
                    [admin ? OperatorScheme : PartnerScheme] = scope is null ? new JsonArray() : new JsonArray(scope),
                });
                operation["x-codeSamples"] = new JsonArray(new JsonObject
                {
                    ["lang"] = "Shell", ["label"] = "curl", ["source"] = Curl(verb, baseUrl + path, admin, operation["requestBody"] is not null),
                });
            }
        }
    }

    private static string Curl(string verb, string url, bool admin, bool hasBody)
    {
        var method = verb.ToUpperInvariant();
        var parts = new List<string> { method == "GET" ? $"curl -s '{url}'" : $"curl -s -X {method} '{url}'" };
        parts.Add(admin ? "-H \"Authorization: Bearer $OPERATOR_KEY\"" : "-H \"Authorization: Bearer $KEY\"");
        if (!admin && method is "POST" or "PUT" or "PATCH" or "DELETE") parts.Add("-H \"Idempotency-Key: $(uuidgen)\"");
        if (hasBody) parts.Add("-H 'Content-Type: application/json' -d '{…}'");
        return string.Join(" \\\n  ", parts);
    }
}
