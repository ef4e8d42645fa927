using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BackupHealth.Agent.Probes.Shared.Http;

/// <summary>A JSON request body serialized up front, so the request carries a <c>Content-Length</c>.
/// <c>PostAsJsonAsync</c> streams the body with <c>Transfer-Encoding: chunked</c> instead, which xapi refuses with
/// HTTP 500 (its <c>read_body</c> requires a length) and so do appliances behind older web servers and WAFs.</summary>
internal static class JsonBody
{
    public static ByteArrayContent Create<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
