using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace BackupHealth.Collector.Web.Assets;

/// <summary><c>GET /assets/{name}</c>: the stylesheet, the live-update script and the icon, built into the assembly
/// (no wwwroot to deploy, no CDN); <c>/favicon.ico</c>, where browsers and bookmarks look without asking a page.
/// Reachable signed out: the sign-in page needs the stylesheet.</summary>
internal static class AssetEndpoints
{
    private static readonly Dictionary<string, Asset> Assets = Load();

    public static void MapAssets(this IEndpointRouteBuilder web)
    {
        web.MapMethods("/assets/{name}", [HttpMethods.Get, HttpMethods.Head], Serve).AllowAnonymous();
        web.MapMethods("/favicon.ico", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => Serve("favicon.ico", context)).AllowAnonymous();
    }

    private static IResult Serve(string name, HttpContext context)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == asset.ETag.ToString())
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(AssetEndpoints).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource["assets/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                ".ico" => "image/x-icon",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(content, type, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\""));
        }

        return assets;
    }

    private sealed record Asset(byte[] Content, string ContentType, EntityTagHeaderValue ETag);
}
