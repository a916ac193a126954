using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Alerts;

/// <summary>A raised or resolved alert: its new state and the event id every delivery of it carries.</summary>
public sealed record AlertChange(AlertStatus Status, Guid EventId, AlertRule Rule);
