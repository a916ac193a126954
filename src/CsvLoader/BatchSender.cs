using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TSMetrics.CsvLoader;

/// <summary>
/// Sends one batch until the server has decided on every reading: retries 429/503 and network failures
/// with the same body and key (honouring Retry-After); on a 400 books the readings it names as refused and
/// sends the rest again; once the server refuses string values, later string batches are booked as refused
/// for that reason without asking again.
/// </summary>
public sealed partial class BatchSender(HttpClient http, CsvLoadOptions options, LoadState state, CsvLoadSummary summary, TextWriter log)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly string _path = options.Target == Target.Ingest ? "/ingest" : "/v1/points";
    private volatile string? _stringsRefused;

    public async Task SendAsync(List<CsvPoint> points, CancellationToken cancellationToken)
    {
        while (points.Count > 0)
        {
            var strings = points.TrueForAll(p => p.Reading.Kind == ReadingKind.String);
            if (strings && _stringsRefused is { } known)
            {
                RefuseAll(points, known);
                return;
            }

            var (body, key) = BatchBody.Encode(points, options.Target);
            if (state.Contains(key))
            {
                summary.Skipped(points.Count);
                return;
            }

            using var response = await PostAsync(body, key, cancellationToken);
            if (response is null)
            {
                summary.Failed(points.Count);
                return;
            }

            if (response.IsSuccessStatusCode)
            {
                state.Add(key);
                summary.Stored(points.Count);
                return;
            }

            summary.Sent();
            var problem = await Problem.ReadAsync(response, cancellationToken);
            if (response.StatusCode != HttpStatusCode.BadRequest || problem.Named.Count == 0)
            {
                RefuseAll(points, $"{(int)response.StatusCode} {problem.Summary}");
                return;
            }

            var named = new HashSet<int>();
            foreach (var (index, field, message) in problem.Named)
                if (index < points.Count && named.Add(index)) Refuse(points[index], $"{field}: {message}");
            if (named.Count == 0)
            {
                RefuseAll(points, $"400 {problem.Summary}");
                return;
            }

            if (strings && problem.Total == points.Count && problem.Named.TrueForAll(n => n.Field == "value"))
            {
                _stringsRefused = $"value: {problem.Named[0].Message}";
                RefuseAll([.. points.Where((_, i) => !named.Contains(i))], _stringsRefused);
                return;
            }

            points = [.. points.Where((_, i) => !named.Contains(i))];
        }
    }

    private async Task<HttpResponseMessage?> PostAsync(byte[] body, string key, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.RetryFor;
        var backOff = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = Json;
                request.Headers.Add("Idempotency-Key", key);
                var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return response;
                wait = response.Headers.RetryAfter?.Delta ?? backOff;
                response.Dispose();
            }
            catch (Exception exception) when (exception is HttpRequestException || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                wait = backOff;
            }

            if (DateTime.UtcNow + wait > deadline) return null;
            summary.Retried();
            await Task.Delay(wait, cancellationToken);
            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
        }
    }

    private void RefuseAll(List<CsvPoint> points, string reason)
    {
        foreach (var point in points) Refuse(point, reason);
    }

    private void Refuse(CsvPoint point, string reason)
    {
        if (summary.Refused(point, reason) is { } line)
            lock (log) log.WriteLine(line);
    }

    // A 400's ProblemDetails: the fields it names by point index (data[3].value) and how many problems it found.
    private sealed partial record Problem(string Summary, int Total, List<(int Index, string Field, string Message)> Named)
    {
        public static async Task<Problem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var named = new List<(int, string, string)>();
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
                var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                    foreach (var error in errors.EnumerateObject())
                        if (PointField().Match(error.Name) is { Success: true } match)
                            named.Add((int.Parse(match.Groups[1].Value), match.Groups[2].Value, error.Value.EnumerateArray().FirstOrDefault().GetString() ?? ""));
                var total = detail is not null && int.TryParse(detail.AsSpan(0, Math.Max(0, detail.IndexOf(' '))), out var n) ? n : named.Count;
                var first = errors.ValueKind == JsonValueKind.Object ? errors.EnumerateObject().Select(e => $"{e.Name}: {e.Value.EnumerateArray().FirstOrDefault()}").FirstOrDefault() : null;
                return new Problem(string.Join(": ", new[] { title, first ?? detail }.Where(s => !string.IsNullOrEmpty(s))), total, named);
            }
            catch (JsonException)
            {
                return new Problem(text.Length > 200 ? text[..200] : text, 0, named);
            }
        }

        [GeneratedRegex(@"^(?:data|points)\[(\d+)\]\.(\w+)$")]
        private static partial Regex PointField();
    }
}
