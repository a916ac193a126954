using System.Globalization;
using System.Text;

namespace TSMetrics.Benchmarks.Micro;

/// <summary>Request bodies as the load generator sends them: one series, two variants, user ids, timestamps.</summary>
public static class SampleBodies
{
    public static byte[] Objects(int points)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var random = new Random(1);
        var json = new StringBuilder("""{"test":"checkout_v2","metric":"latency","points":[""");
        for (var i = 0; i < points; i++)
        {
            if (i > 0) json.Append(',');
            var user = random.Next(100_000);
            json.Append(CultureInfo.InvariantCulture,
                $$"""{"variant":"{{(user % 2 == 0 ? "A" : "B")}}","value":{{Math.Round(50 + random.NextDouble() * 100, 3)}},"timestamp":{{now:F3}},"userId":"u{{user}}"}""");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    public static byte[] Compact(int points)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var random = new Random(1);
        var json = new StringBuilder("""{"test":"checkout_v2","metric":"latency","variant":"A","points":[""");
        for (var i = 0; i < points; i++)
        {
            if (i > 0) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"[{now:F3},{Math.Round(50 + random.NextDouble() * 100, 3)}]");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }
}
