namespace TSMetrics.Grains.Alerts;

/// <summary>Which URLs a webhook may target: absolute http(s) URLs whose host is on the allow-list.</summary>
public static class WebhookTargets
{
    /// <summary>Why the URL is refused, or null when it may be used.</summary>
    public static string? Check(string? url, IReadOnlyCollection<string> allowedHosts)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required: an http or https URL.";
        if (url.Length > 2048) return "must be at most 2048 characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "must be an absolute http or https URL.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "must not carry a user name or password.";
        if (!IsAllowed(uri.IdnHost, allowedHosts))
            return allowedHosts.Count == 0
                ? $"host '{uri.IdnHost}' is not allowed: no webhook hosts are allowed yet (set {WebhookOptions.SectionName}:AllowedHosts)."
                : $"host '{uri.IdnHost}' is not in {WebhookOptions.SectionName}:AllowedHosts.";
        return null;
    }

    private static bool IsAllowed(string host, IReadOnlyCollection<string> allowedHosts)
    {
        foreach (var allowed in allowedHosts)
        {
            if (string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase)) return true;
            if (allowed.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
