namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// Tests that start real silo and gateway processes run one at a time: on two cores, several clusters at
/// once would test the scheduler rather than TSMetrics.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "Processes";
}
