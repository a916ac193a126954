using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace TSMetrics.Gateway.Api.Hosting;

/// <summary>
/// Serves the dashboard (src/Dashboard, built into the gateway's output folder "dashboard") at /.
/// Only files that exist in that folder are served, and it holds no v1, metrics, swagger, openapi or healthz
/// entry, so the API's routes are never shadowed. The dashboard routes with the URL's fragment (#/tests/x),
/// so no fallback route is needed either.
/// </summary>
public static partial class DashboardHostingExtensions
{
    public const string FolderName = "dashboard";

    // Vite names every asset after a hash of its content: a changed file gets a new name, so a cached one
    // never needs revalidating. index.html names the current assets, so it is always revalidated.
    private const string HashedAssetsPath = "/assets";
    private const string ImmutableCache = "public, max-age=31536000, immutable";
    private const string AlwaysRevalidate = "no-cache";

    public static WebApplication UseTsMetricsDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var folder = Path.Combine(AppContext.BaseDirectory, FolderName);
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            LogNoDashboard(app.Logger, folder);
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] =
                context.Context.Request.Path.StartsWithSegments(HashedAssetsPath) ? ImmutableCache : AlwaysRevalidate,
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No dashboard in {Folder}: build src/Dashboard (dotnet build does) to serve it at /")]
    private static partial void LogNoDashboard(ILogger logger, string folder);
}
