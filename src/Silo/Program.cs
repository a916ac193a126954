using Microsoft.AspNetCore.Builder;
using TSMetrics.Silo.Health;
using TSMetrics.Silo.Hosting;

namespace TSMetrics.Silo;

public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddTsMetricsSilo();
        var app = builder.Build();
        app.MapTsMetricsSiloHttp();
        await app.RunAsync();
    }
}
