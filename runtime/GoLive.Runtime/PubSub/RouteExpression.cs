using System.Globalization;
using System.Text.Json;

namespace GoLive.Runtime.PubSub;

/// <summary>
/// The subset of CEL that Dapr routing rules use in practice: <c>event.type == "x" &amp;&amp; (event.data.n != 3 || !flag)</c>.
/// Supports ==, !=, &amp;&amp;, ||, !, parentheses, string/number/bool/null literals and <c>event.a.b</c> paths into the
/// CloudEvent (data included). Anything else is a parse error reported when the subscription loads.
/// </summary>
public sealed class RouteExpression
{
    private readonly Func<JsonElement, object?> _evaluate;

    private RouteExpression(string text, Func<JsonElement, object?> evaluate)
    {
        Text = text;
        _evaluate = evaluate;
    }

    public string Text { get; }

    public static RouteExpression Parse(string text) => new(text, new Parser(text).ParseAll());

    public bool Matches(JsonElement cloudEvent) => _evaluate(cloudEvent) is true;

    private sealed class Parser(string text)
    {
        private int _at;

        public Func<JsonElement, object?> ParseAll()
        {
            var expression = Or();
            SkipSpace();
            if (_at < text.Length) throw Error($"unexpected '{text[_at..]}'");
            return expression;
        }

        private Func<JsonElement, object?> Or()
        {
            var left = And();
            while (Take("||")) { var l = left; var r = And(); left = e => l(e) is true || r(e) is true; }
            return left;
        }

        private Func<JsonElement, object?> And()
        {
            var left = Comparison();
            while (Take("&&")) { var l = left; var r = Comparison(); left = e => l(e) is true && r(e) is true; }
            return left;
        }

        private Func<JsonElement, object?> Comparison()
        {
            var left = Unary();
            if (Take("==")) { var r = Unary(); return e => Equals(left(e), r(e)); }
            if (Take("!=")) { var r = Unary(); return e => !Equals(left(e), r(e)); }
            return left;
        }

        private Func<JsonElement, object?> Unary()
        {
            if (Take("!")) { var operand = Unary(); return e => operand(e) is not true; }
            if (Take("("))
            {
                var inner = Or();
                if (!Take(")")) throw Error("missing ')'");
                return inner;
            }
            return Primary();
        }

        private Func<JsonElement, object?> Primary()
        {
            SkipSpace();
            if (_at >= text.Length) throw Error("unexpected end");
            var c = text[_at];
            if (c is '"' or '\'') return Literal(ReadString(c));
            if (char.IsDigit(c) || c == '-') return Literal(ReadNumber());
            var word = ReadWord();
            switch (word)
            {
                case "true": return Literal(true);
                case "false": return Literal(false);
                case "null": return Literal(null);
            }
            var path = word.Split('.');
            if (path.Length < 2 || path[0] != "event") throw Error($"'{word}' is not a literal or an event.* path");
            return e => Resolve(e, path);
        }

        private static Func<JsonElement, object?> Literal(object? value) => _ => value;

        private static object? Resolve(JsonElement cloudEvent, string[] path)
        {
            var current = cloudEvent;
            for (var i = 1; i < path.Length; i++)
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path[i], out current)) return null;
            return current.ValueKind switch
            {
                JsonValueKind.String => current.GetString(),
                JsonValueKind.Number => current.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }

        private string ReadString(char quote)
        {
            var end = text.IndexOf(quote, _at + 1);
            if (end < 0) throw Error("unterminated string");
            var value = text[(_at + 1)..end];
            _at = end + 1;
            return value;
        }

        private double ReadNumber()
        {
            var start = _at++;
            while (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] == '.')) _at++;
            return double.Parse(text[start.._at], CultureInfo.InvariantCulture);
        }

        private string ReadWord()
        {
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '.' or '_' or '-')) _at++;
            if (start == _at) throw Error($"unexpected '{text[_at]}'");
            return text[start.._at];
        }

        private bool Take(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _at, token, 0, token.Length) != 0) return false;
            if (token == "!" && _at + 1 < text.Length && text[_at + 1] == '=') return false;
            _at += token.Length;
            return true;
        }

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private FormatException Error(string reason) => new($"routing rule '{text}': {reason} at position {_at}");
    }
}
