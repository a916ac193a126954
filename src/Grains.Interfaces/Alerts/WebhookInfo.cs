namespace TSMetrics.Grains.Interfaces;

/// <summary>A webhook as listed: never its secret.</summary>
/// <param name="Id">The hook's id.</param>
/// <param name="Test">The test whose alerts it receives.</param>
/// <param name="Url">Where deliveries are posted.</param>
/// <param name="CreatedAt">When it was created.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.WebhookInfo")]
public sealed record WebhookInfo(long Id, string Test, string Url, DateTime CreatedAt);
