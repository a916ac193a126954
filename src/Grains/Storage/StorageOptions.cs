using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>How the silo writes to TimescaleDB.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "TSMetrics:Storage";

    /// <summary>Parallel journal writers (each one connection). Default 2; 1 to 16.</summary>
    [Range(1, 16)]
    public int JournalWriters { get; set; } = 2;

    /// <summary>Most grain writes committed in one journal round trip. Default 512; 1 to 100,000.</summary>
    [Range(1, 100_000)]
    public int MaxWritesPerCommit { get; set; } = 512;

    /// <summary>Grain writes that may wait for a journal writer before callers are held back. Default 4,096.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 4_096;

    /// <summary>How long raw points stay queryable before their chunks are dropped. Default 7 days; 1 hour to 10 years.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a series remembers batch ids, so retries within it are not counted twice. Default 15 minutes; 1 second to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often each silo looks for series whose journal runs past their rollups (a grain that died before
    /// its flush) and catches them up. Default 30 s; 1 second to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How old an unflushed journal row must be before a catch-up treats its grain as gone; keep it well above
    /// TSMetrics:Window:FlushInterval, or live grains are asked to flush early. Default 10 s; 1 second to 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CatchUpAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often retention runs. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}

[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
