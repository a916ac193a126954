namespace TSMetrics.Tests.Infrastructure;

/// <summary>Polls a condition with a deadline, for what happens in the background (flushes), and says what never happened.</summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        T value;
        do
        {
            value = await probe();
            if (condition(value)) return value;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"{what} did not happen within {timeout ?? TimeSpan.FromSeconds(15)}; last seen: {value}");
    }
}
