namespace TSMetrics.Grains.Interfaces;

/// <summary>One grain per A/B test, keyed by the test name: owns the test's definition.</summary>
[Alias("TSMetrics.ITestGrain")]
public interface ITestGrain : IGrainWithStringKey
{
    /// <summary>Replaces the test's definition and stores it.</summary>
    [Alias("DefineAsync")]
    Task DefineAsync(TestDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The test's current definition.</summary>
    [Alias("GetDefinitionAsync")]
    Task<TestDefinition> GetDefinitionAsync(CancellationToken cancellationToken = default);
}
