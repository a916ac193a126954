namespace TSMetrics.Grains.Interfaces;

/// <summary>The answer to creating a webhook: the hook and its secret (shown this once), or why the target was refused.</summary>
/// <param name="Hook">The new hook, or null when refused.</param>
/// <param name="Secret">The signing secret; only in this answer.</param>
/// <param name="Error">Why the URL was refused, or null.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.WebhookCreation")]
public sealed record WebhookCreation(WebhookInfo? Hook, string? Secret, string? Error);
