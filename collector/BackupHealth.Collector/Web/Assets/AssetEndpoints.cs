using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace BackupHealth.Collector.Web.Assets;

/// <summary><c>GET /assets/{name}</c>: the stylesheet and the live-update script, built into the assembly (no
/// wwwroot to deploy, no CDN). Reachable signed out: the sign-in page needs the stylesheet.</summary>
internal static class AssetEndpoints
{
    private static readonly Dictionary<string, Asset> Assets = Load();

    public static void MapAssets(this IEndpointRouteBuilder web) =>
        web.MapMethods("/assets/{name}", [HttpMethods.Get, HttpMethods.Head], Serve).AllowAnonymous();

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
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8"
                : name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8"
                : "application/octet-stream";
            assets[name] = new Asset(content, type, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\""));
        }

        return assets;
    }

    private sealed record Asset(byte[] Content, string ContentType, EntityTagHeaderValue ETag);
}
