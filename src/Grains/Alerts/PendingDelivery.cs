namespace TSMetrics.Grains.Alerts;

/// <summary>One event on its way to one hook: the exact body that is signed and sent on every attempt.</summary>
public sealed record PendingDelivery(Webhook Hook, Guid EventId, string Body, int Attempts, DateTime NextAttemptAt)
{
    public override string ToString() => $"Event {EventId} to hook {Hook.Id}, attempt {Attempts + 1}";
}
