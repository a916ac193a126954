using Microsoft.Extensions.Hosting;
using TSMetrics.Silo.Hosting;

namespace TSMetrics.Silo;

public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddTsMetricsSilo();
        await builder.Build().RunAsync();
    }
}
