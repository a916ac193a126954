namespace TSMetrics.Gateway.Api.Security;

/// <summary>Why authentication failed, kept for the 401 answer.</summary>
public sealed record AuthenticationFailure(string Reason);
