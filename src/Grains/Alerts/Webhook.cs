using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

/// <summary>A webhook as the silo holds it, secret included; its text form leaves the secret out, so it never reaches a log.</summary>
public sealed record Webhook(long Id, string Test, string Url, string Secret, DateTime CreatedAt)
{
    public WebhookInfo ToInfo() => new(Id, Test, Url, CreatedAt);

    public override string ToString() => $"Webhook {Id} ({Test}) -> {Url}";
}
