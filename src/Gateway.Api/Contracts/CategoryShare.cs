namespace TSMetrics.Gateway.Api.Contracts;

/// <summary>How many points of a bucket carried one string value, and their share of the bucket's string values.</summary>
public sealed record CategoryShare(long Count, double Share);
