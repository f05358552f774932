using System.Text.Json;
using GoLive.Flags.Client;
using static GoLive.Flags.Tests.TestFlags;

namespace GoLive.Flags.Tests;

public sealed class EvaluatorRuleTests
{
    public static TheoryData<string, ConditionOperator, string[], string?, bool> Rules => new()
    {
        { "organisation", ConditionOperator.In, ["acme", "globex"], "acme", true },
        { "organisation", ConditionOperator.In, ["acme"], "initech", false },
        { "organisation", ConditionOperator.NotIn, ["acme"], "initech", true },
        { "organisation", ConditionOperator.NotIn, ["acme"], null, false },
        { "country", ConditionOperator.In, ["GB", "IE"], "IE", true },
        { "region", ConditionOperator.StringEquals, ["GB-SCT"], "GB-SCT", true },
        { "region", ConditionOperator.StringNotEquals, ["GB-SCT"], "GB-WLS", true },
        { "email", ConditionOperator.EndsWith, ["@golive.dev"], "ana@golive.dev", true },
        { "email", ConditionOperator.StartsWith, ["ana@"], "bob@golive.dev", false },
        { "email", ConditionOperator.Contains, ["live"], "ana@golive.dev", true },
        { "email", ConditionOperator.Matches, ["^[a-z]+@golive\\.dev$"], "ana@golive.dev", true },
        { "email", ConditionOperator.Matches, ["^[a-z]+@golive\\.dev$"], "Ana@golive.dev", false },
        { "age", ConditionOperator.GreaterThan, ["17"], "18", true },
        { "age", ConditionOperator.GreaterThanOrEqual, ["18"], "18", true },
        { "age", ConditionOperator.LessThan, ["18"], "18.5", false },
        { "age", ConditionOperator.LessThanOrEqual, ["18"], "not-a-number", false },
        { "appVersion", ConditionOperator.SemverGreaterThanOrEqual, ["2.3.0"], "2.10.1", true },
        { "appVersion", ConditionOperator.SemverLessThan, ["2.3.0"], "2.3.0-beta.2", true },
        { "appVersion", ConditionOperator.SemverEquals, ["2.3.0"], "v2.3.0+build.7", true },
        { "appVersion", ConditionOperator.SemverGreaterThan, ["2.3.0-beta.2"], "2.3.0-beta.10", true },
        { "appVersion", ConditionOperator.SemverLessThanOrEqual, ["1.0.0"], "garbage", false },
        { "signedUpAt", ConditionOperator.Before, ["2026-01-01T00:00:00Z"], "2025-12-31T23:59:59Z", true },
        { "signedUpAt", ConditionOperator.After, ["2026-01-01T00:00:00Z"], "2025-12-31T23:59:59Z", false },
        { "targetingKey", ConditionOperator.In, ["user-1"], "user-1", true },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_serves_its_variant_only_when_its_condition_holds(
        string attribute, ConditionOperator op, string[] values, string? actual, bool matches)
    {
        var evaluator = FlagEvaluator.Create(Snapshot(1, Boolean("f", When(attribute, op, values))));

        var result = evaluator.GetBoolean("f", false, Context(attribute, actual));

        Assert.Equal(matches, result.Value);
        Assert.Equal(matches ? EvaluationReason.TargetingMatch : EvaluationReason.Default, result.Reason);
        Assert.Equal(matches ? "on" : "off", result.Variant);
    }

    [Fact]
    public void Rules_are_tried_in_order_and_the_first_match_wins()
    {
        var flag = Boolean("f") with
        {
            Type = FlagType.String,
            Variants = new Dictionary<string, JsonElement> { ["a"] = Json("\"A\""), ["b"] = Json("\"B\""), ["z"] = Json("\"Z\"") },
            DefaultVariant = "z",
            Rules =
            [
                new([new("organisation", ConditionOperator.In, ["acme"])], new Serve("a")),
                new([new("country", ConditionOperator.In, ["GB"])], new Serve("b")),
            ],
        };
        var evaluator = FlagEvaluator.Create(Snapshot(1, flag));

        Assert.Equal("A", evaluator.GetString("f", "?", new EvaluationContext { Organisation = "acme", Country = "GB" }).Value);
        Assert.Equal("B", evaluator.GetString("f", "?", new EvaluationContext { Organisation = "other", Country = "GB" }).Value);
        Assert.Equal("Z", evaluator.GetString("f", "?", new EvaluationContext { Country = "FR" }).Value);
    }

    [Fact]
    public void All_conditions_of_a_rule_must_hold()
    {
        var rule = new TargetingRule(
            [new("organisation", ConditionOperator.In, ["acme"]), new("country", ConditionOperator.In, ["GB"])], new Serve("on"));
        var evaluator = FlagEvaluator.Create(Snapshot(1, Boolean("f", rule)));

        Assert.True(evaluator.GetBoolean("f", false, new EvaluationContext { Organisation = "acme", Country = "GB" }).Value);
        Assert.False(evaluator.GetBoolean("f", false, new EvaluationContext { Organisation = "acme", Country = "US" }).Value);
    }

    [Fact]
    public void Segments_include_exclude_and_match_by_conditions()
    {
        var segment = new Segment
        {
            Key = "beta",
            Included = ["vip"],
            Excluded = ["banned"],
            Conditions = [new("email", ConditionOperator.EndsWith, ["@golive.dev"])],
        };
        var flag = Boolean("f", new TargetingRule([new("", ConditionOperator.InSegment, ["beta"])], new Serve("on")));
        var evaluator = FlagEvaluator.Create(new FlagSnapshot(1, [flag], [segment]));

        Assert.True(Eval(evaluator, "vip", null));
        Assert.True(Eval(evaluator, "ana", "ana@golive.dev"));
        Assert.False(Eval(evaluator, "banned", "banned@golive.dev"));
        Assert.False(Eval(evaluator, "bob", "bob@example.com"));
    }

    [Fact]
    public void A_flag_without_rules_serves_its_default_as_static_and_a_disabled_flag_its_off_variant()
    {
        var flag = Boolean("f") with { DefaultVariant = "on", OffVariant = "off" };
        var on = FlagEvaluator.Create(Snapshot(1, flag)).GetBoolean("f", false);
        var off = FlagEvaluator.Create(Snapshot(2, flag with { Enabled = false })).GetBoolean("f", true);

        Assert.Equal((true, EvaluationReason.Static), (on.Value, on.Reason));
        Assert.Equal((false, EvaluationReason.Disabled, "off"), (off.Value, off.Reason, off.Variant));
    }

    [Fact]
    public void Errors_serve_the_callers_default_with_a_code_and_never_throw()
    {
        var broken = Boolean("broken", When("age", ConditionOperator.GreaterThan, "not-a-number"));
        var split = Percentage("split", 50);
        var evaluator = FlagEvaluator.Create(Snapshot(1, Boolean("f"), broken, split));

        var missing = evaluator.GetBoolean("nope", true);
        var mismatch = evaluator.GetString("f", "dflt");
        var parse = evaluator.GetBoolean("broken", true);
        var noKey = evaluator.GetBoolean("split", true, EvaluationContext.Empty);
        var nullKey = evaluator.GetBoolean(null!, true);

        Assert.Equal((true, EvaluationReason.Error, FlagErrorCode.FlagNotFound), (missing.Value, missing.Reason, missing.ErrorCode));
        Assert.Equal(("dflt", FlagErrorCode.TypeMismatch), (mismatch.Value, mismatch.ErrorCode));
        Assert.Equal((true, FlagErrorCode.ParseError), (parse.Value, parse.ErrorCode));
        Assert.Equal((true, FlagErrorCode.TargetingKeyMissing), (noKey.Value, noKey.ErrorCode));
        Assert.Equal(FlagErrorCode.FlagNotFound, nullKey.ErrorCode);
        Assert.Contains("broken", evaluator.Invalid.Keys);
    }

    [Fact]
    public void Number_and_json_flags_serve_typed_values()
    {
        var number = Boolean("limit") with
        {
            Type = FlagType.Number,
            Variants = new Dictionary<string, JsonElement> { ["low"] = Json("10"), ["high"] = Json("2.5e3") },
            DefaultVariant = "high",
        };
        var json = Boolean("theme") with
        {
            Type = FlagType.Json,
            Variants = new Dictionary<string, JsonElement> { ["dark"] = Json("""{"bg":"#000"}""") },
            DefaultVariant = "dark",
        };
        var evaluator = FlagEvaluator.Create(Snapshot(1, number, json));

        Assert.Equal(2500, evaluator.GetNumber("limit", 0).Value);
        Assert.Equal("#000", evaluator.GetJson("theme", default).Value.GetProperty("bg").GetString());
    }

    [Fact]
    public void A_variant_of_the_wrong_type_makes_the_flag_invalid()
    {
        var flag = Boolean("f") with { Variants = new Dictionary<string, JsonElement> { ["on"] = Json("\"yes\""), ["off"] = Json("false") } };

        Assert.NotNull(FlagEvaluator.Validate(flag, []));
    }

    private static bool Eval(FlagEvaluator evaluator, string key, string? email) =>
        evaluator.GetBoolean("f", false, new EvaluationContext
        {
            TargetingKey = key,
            Attributes = email is null ? null : new Dictionary<string, string> { ["email"] = email },
        }).Value;

    private static EvaluationContext Context(string attribute, string? value) => attribute switch
    {
        "organisation" => new EvaluationContext { Organisation = value },
        "country" => new EvaluationContext { Country = value },
        "region" => new EvaluationContext { Region = value },
        "targetingKey" => new EvaluationContext { TargetingKey = value },
        _ => new EvaluationContext { Attributes = value is null ? null : new Dictionary<string, string> { [attribute] = value } },
    };
}
