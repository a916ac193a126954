using Microsoft.Extensions.Time.Testing;
using TSMetrics.Grains;

namespace TSMetrics.Tests.Unit;

/// <summary>
/// Flush lag as an operator reads it: the age of the oldest stored point not yet in the rollups. A
/// successful flush clears what it collected but not what was stored while it ran; a failed one clears nothing.
/// </summary>
public sealed class SeriesTelemetryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TheLagIsTheAgeOfTheOldestUnflushedStoreAndAFlushClearsOnlyWhatItCollected()
    {
        var series = SeriesTelemetry.Register(_time);
        try
        {
            Assert.Equal(0, series.LagSeconds(out var waiting));
            Assert.False(waiting);

            series.Stored();
            _time.Advance(TimeSpan.FromSeconds(3));
            series.Stored(); // newer points do not make the oldest younger
            _time.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(5, series.LagSeconds(out _));

            var failed = series.BeginFlush();
            series.EndFlush(failed, succeeded: false, wrote: false, units: 0, memoryBytes: 0);
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(6, series.LagSeconds(out _));

            var started = series.BeginFlush();
            _time.Advance(TimeSpan.FromSeconds(1));
            series.Stored(); // after the flush collected its rows: still waiting once it ends
            _time.Advance(TimeSpan.FromSeconds(4));
            series.EndFlush(started, succeeded: true, wrote: true, units: 0, memoryBytes: 0);
            Assert.Equal(4, series.LagSeconds(out waiting));
            Assert.True(waiting);

            series.EndFlush(series.BeginFlush(), succeeded: true, wrote: true, units: 0, memoryBytes: 0);
            Assert.Equal(0, series.LagSeconds(out waiting));
            Assert.False(waiting);
        }
        finally
        {
            series.Unregister();
        }
    }
}
