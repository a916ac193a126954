using System.Globalization;
using System.Text;

namespace TSMetrics.Tests.Security;

/// <summary>
/// Generates malformed and hostile requests from a seed: broken JSON, wrong types, huge numbers, NaN and
/// Infinity as strings, deep nesting, giant strings, unicode oddities, extreme timestamps, SQL and path
/// fragments in names, in ingest bodies, query strings, path segments and definitions alike.
/// </summary>
public sealed class HostileRequests(int seed)
{
    private static readonly string[] HostileNames =
    [
        "'; DROP TABLE tsm.rollup_1m; --", "\" OR 1=1 --", "x'); DELETE FROM tsm.point_batches; --", "../../etc/passwd", "..\\..\\windows",
        "%2e%2e%2f%2e%2e%2f", "test/metric", "a b", "", " ", "\t", "\u0000", "null", "undefined", "$1", "${jndi:ldap://x}", "<script>alert(1)</script>",
        "\u202Eevil", "\u200B", "e\u0301", "😀", "\uFEFFbom", "名前", "a\nb", "%00", "%ZZ", "~plain", "*", "?", "#", "&", "=", ";", ":", "--", "/*", "*/",
        "select", "DROP", "pg_sleep(10)", "a.b:c-d_e", "CON", "NUL", "..", ".", "-", "_",
    ];

    private static readonly string[] HostileNumbers =
    [
        "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "-0", "0x10", "01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "-Infinity",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"nan\"", "\"1e999\"", "\"\"", "true", "null", "[]", "{}", "\"12\"", "9223372036854775808",
        "-9223372036854775809", "1.7976931348623157e308", "4.9e-324",
    ];

    private static readonly string[] HostileTimestamps =
    [
        "-1", "0", "-62135596800", "253402300800", "99999999999999", "1e20", "-1e20", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"2026-02-30T00:00:00Z\"", "\"yesterday\"", "\"\"", "\"2026-01-01T00:00:00+99:00\"", "{}", "[1]", "true", "\"1e10\"", "NaN", "\"NaN\"",
    ];

    private readonly Random _random = new(seed);

    /// <summary>A method, a path with query, a body (or null) and its content type.</summary>
    public sealed record Request(HttpMethod Method, string Url, byte[]? Body, string ContentType)
    {
        public override string ToString() =>
            $"{Method} {Url} {(Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300)))}";
    }

    public Request Next() => _random.Next(10) switch
    {
        < 6 => Ingest(),
        < 8 => Query(),
        8 => PathSegment(),
        _ => Definition(),
    };

    private Request Ingest()
    {
        string body = _random.Next(12) switch
        {
            0 => Truncated(ValidPoint()),
            1 => RandomBytesAsText(),
            2 => $$"""{"metric": "m", "value": {{Pick(HostileNumbers)}}}""",
            3 => $$"""{"metric": "m", "value": 1, "timestamp": {{Pick(HostileTimestamps)}}}""",
            4 => $$"""{"test": {{Json(Pick(HostileNames))}}, "metric": {{Json(Pick(HostileNames))}}, "variant": {{Json(Pick(HostileNames))}}, "value": 1}""",
            5 => Nested(_random.Next(10, 5000)),
            6 => $$"""{"metric": "m", "value": 1, "tags": {{Nested(_random.Next(2, 200))}}}""",
            7 => $$"""{"metric": {{Json(new string('a', _random.Next(129, 200_000)))}}, "value": 1}""",
            8 => $$"""{"metric": "m", "value": 1, "userId": {{Json(Pick(HostileNames) + new string('u', _random.Next(0, 5000)))}}}""",
            9 => WrongTypes(),
            10 => """{"metric": "m", "value": 1, "tags": {""" + ManyTags() + "}}",
            _ => UnicodeOddities(),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        if (_random.Next(20) == 0) bytes = InvalidUtf8(bytes);
        var contentType = _random.Next(25) == 0 ? Pick(["text/plain", "application/xml", "", "application/json; charset=utf-16"]) : "application/json";
        // The predecessors' front doors share the pipeline and get the same hostile bodies (the FastAPI one inside its "data").
        return _random.Next(6) switch
        {
            0 => new Request(HttpMethod.Post, "/v1/metrics", bytes, contentType),
            1 => new Request(HttpMethod.Post, "/ingest", [.. "{\"data\": ["u8, .. bytes, .. "]}"u8], contentType),
            _ => new Request(HttpMethod.Post, "/v1/points", bytes, contentType),
        };
    }

    private Request Query()
    {
        var name = Uri.EscapeDataString(Pick(HostileNames));
        var other = Uri.EscapeDataString(Pick(HostileNames));
        var value = Uri.EscapeDataString(Pick([.. HostileNumbers, .. HostileTimestamps, .. HostileNames]).Trim('"'));
        switch (_random.Next(9))
        {
            case 6:
                return new Request(HttpMethod.Post, $"/analytics?timestamp={value}&user={name}&event={other}", null, "");
            case 7:
                return new Request(HttpMethod.Post, "/query", Encoding.UTF8.GetBytes(
                    $$"""{"metric": {{Json(Pick(HostileNames))}}, "start_time": {{Pick(HostileTimestamps)}}, "end_time": {{Pick([.. HostileTimestamps, .. HostileNumbers])}}, "aggregation": {{Json(Pick(HostileNames))}}, "interval": {{Json(Pick(HostileNames))}}}"""),
                    "application/json");
        }

        var url = _random.Next(8) switch
        {
            0 => $"/v1/series?test={name}&metric={other}&granularity={value}",
            1 => $"/v1/series?test=t&metric=m&from={value}&to={Uri.EscapeDataString(Pick(HostileTimestamps).Trim('"'))}",
            2 => $"/metrics?abTestName={name}&metricName={other}&skip={value}&limit={value}",
            3 => $"/v1/points?test={name}&metric={other}&from={value}&limit={value}",
            4 => $"/v1/tests/t/comparison?metric={name}&alpha={value}&method={other}&control={name}&type={value}&priorSd={value}",
            5 => $"/v1/metrics?name={name}&sts={value}&ets={Uri.EscapeDataString(Pick(HostileTimestamps).Trim('"'))}&skip={value}",
            6 => $"/analytics?timestamp={value}",
            _ => $"/v1/series?test=t&metric=m&granularity=1m&from=2026-01-01T00:00:00Z&to={value}&variant={name}",
        };
        return new Request(HttpMethod.Get, url, null, "");
    }

    private Request PathSegment()
    {
        var segment = Uri.EscapeDataString(Pick(HostileNames));
        var url = _random.Next(4) switch
        {
            0 => $"/v1/tests/{segment}",
            1 => $"/v1/tests/{segment}/comparison",
            2 => $"/v1/tests/{segment}/metrics/{Uri.EscapeDataString(Pick(HostileNames))}",
            _ => $"/v1/admin/keys/{segment}",
        };
        var method = url.Contains("/metrics/", StringComparison.Ordinal) ? HttpMethod.Put : url.StartsWith("/v1/admin", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Get;
        var body = method == HttpMethod.Put ? Encoding.UTF8.GetBytes("""{"unit": """ + Json(Pick(HostileNames)) + """, "direction": """ + Json(Pick(HostileNames)) + "}") : null;
        return new Request(method, url, body, "application/json");
    }

    private Request Definition()
    {
        var test = Uri.EscapeDataString("fuzz_" + _random.Next(1000).ToString(CultureInfo.InvariantCulture));
        var body = _random.Next(4) switch
        {
            0 => """{"control": """ + Json(Pick(HostileNames)) + """, "weights": {""" + Json(Pick(HostileNames)) + ": " + Pick(HostileNumbers) + "}}",
            1 => Truncated("""{"control": "A", "description": "d", "weights": {"A": 1, "B": 1}}"""),
            2 => $$"""{"control": {{Pick(HostileNumbers)}}, "description": {{Json(new string('d', _random.Next(0, 100_000)))}}}""",
            _ => Nested(_random.Next(10, 3000)),
        };
        return new Request(HttpMethod.Put, $"/v1/tests/{test}", Encoding.UTF8.GetBytes(body), "application/json");
    }

    private static string ValidPoint() =>
        """{"test": "t", "metric": "m", "variant": "A", "value": 1.5, "timestamp": "2026-01-01T00:00:00Z", "userId": "u1", "tags": {"k": "v"}}""";

    private string ManyTags() =>
        string.Join(",", Enumerable.Range(0, _random.Next(1, 100)).Select(i => $"\"k{i}\": {Json(new string('v', _random.Next(0, 500)))}"));

    private string Truncated(string json) => json[.._random.Next(0, json.Length)];

    private string RandomBytesAsText()
    {
        var builder = new StringBuilder();
        var alphabet = "{}[]\":,0123456789.eE-+ntrufalsNI \\/u";
        for (var i = _random.Next(1, 200); i > 0; i--) builder.Append(alphabet[_random.Next(alphabet.Length)]);
        return builder.ToString();
    }

    private string Nested(int depth) => _random.Next(2) == 0
        ? new string('[', depth) + "1" + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private string WrongTypes() => _random.Next(6) switch
    {
        0 => """{"metric": 12, "value": 1}""",
        1 => """{"metric": "m", "value": [1, 2]}""",
        2 => """{"metric": "m", "value": 1, "tags": "not an object"}""",
        3 => """{"points": {"not": "an array"}}""",
        4 => """{"test": "t", "metric": "m", "variant": "A", "points": [[1], [1, 2, 3], ["a", "b"], [null, null]]}""",
        _ => """[1, "two", null, true, {"metric": "m", "value": 1, "metric": "dup"}]""",
    };

    private string UnicodeOddities()
    {
        string[] escapes = ["\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000", "\\u202e", "\\ufffe", "\\uffff", "\\u00e9", "\\uDBFF\\uDFFF"];
        var name = string.Concat(Enumerable.Range(0, _random.Next(1, 6)).Select(_ => Pick(escapes)));
        return _random.Next(3) switch
        {
            0 => $$"""{"metric": "{{name}}", "value": 1}""",
            1 => $$"""{"test": "t", "metric": "m", "variant": "{{name}}", "value": 1}""",
            _ => "{\"metric\": \"m\", \"value\": 1, \"userId\": \"" + name + "\", \"tags\": {\"" + name + "\": \"" + name + "\"}}",
        };
    }

    private byte[] InvalidUtf8(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        if (copy.Length > 0) copy[_random.Next(copy.Length)] = Pick<byte>([0xC0, 0xFF, 0xFE, 0x80, 0xED]);
        return copy;
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
