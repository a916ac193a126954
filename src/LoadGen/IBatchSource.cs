namespace TSMetrics.LoadGen;

/// <summary>Hands out request batches to concurrent workers until it runs dry (null).</summary>
public interface IBatchSource
{
    LoadBatch? Next(int worker);
}
