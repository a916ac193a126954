namespace TSMetrics.Client;

internal enum SendOutcome
{
    Acknowledged,
    Rejected,
    Failed,
}
