using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Grains;

/// <summary>Owns one A/B test's definition; loads it on activation and stores every change.</summary>
public sealed class TestGrain(CatalogWriter catalog) : Grain, ITestGrain
{
    private TestDefinition _definition = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _definition = await catalog.LoadTestAsync(this.GetPrimaryKeyString(), cancellationToken);

    public async Task DefineAsync(TestDefinition definition, CancellationToken cancellationToken = default)
    {
        await catalog.SaveTestAsync(this.GetPrimaryKeyString(), definition, cancellationToken);
        _definition = definition;
    }

    public Task<TestDefinition> GetDefinitionAsync(CancellationToken cancellationToken = default) => Task.FromResult(_definition);
}
