using TSMetrics.Gateway.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddTsMetricsGateway();

var app = builder.Build();
app.MapTsMetricsApi();
app.Run();
