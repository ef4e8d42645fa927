using System.Text.Json;

namespace BackupHealth.ServiceInstall;

/// <summary>Decides what the installed configuration file holds: the <c>--config</c> file, the existing file (an
/// upgrade keeps what the operator edited), or a template filled from the command line.</summary>
internal static class ServiceConfigFile
{
    /// <summary>The bytes to write, or null to keep the existing file.</summary>
    /// <exception cref="ServiceInstallException">The source file is missing or not JSON, a required template option is
    /// missing, or template options were given while a configuration already exists.</exception>
    public static byte[]? Content(ServiceDefinition service, ServiceLayout layout, InstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(request);
        if (request.ConfigSource is not null)
        {
            return ReadSource(request.ConfigSource);
        }

        if (File.Exists(layout.OnDisk(layout.ConfigFile)))
        {
            if (request.TemplateValues.Count > 0)
            {
                throw new ServiceInstallException($"{layout.ConfigFile} exists: edit it, or pass --config FILE to replace it "
                    + $"(the options {string.Join(", ", service.TemplateOptions.Select(o => o.Option))} only fill a new file)");
            }

            return null;
        }

        var missing = service.TemplateOptions.Where(o => o.Required && !request.TemplateValues.ContainsKey(o.Setting)).ToList();
        if (missing.Count > 0)
        {
            throw new ServiceInstallException($"install needs --config FILE or {string.Join(" and ", missing.Select(o => o.Option))} "
                + $"to write {layout.ConfigFile}");
        }

        var settings = new Dictionary<string, string>(request.TemplateValues, StringComparer.Ordinal)
        {
            [service.DataPathSetting] = layout.DataFolder,
        };
        return Template(settings);
    }

    /// <summary>JSON with one object per section: <c>Agent:Token</c> becomes <c>{"Agent":{"Token":…}}</c>.</summary>
    public static byte[] Template(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var section in settings.GroupBy(s => s.Key.Split(':', 2)[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(section.Key);
                foreach (var (key, value) in section.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key.Split(':', 2)[1], value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.ToArray();
    }

    private static byte[] ReadSource(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServiceInstallException($"--config: cannot read {path}: {ex.Message}", ex);
        }

        try
        {
            using var _ = JsonDocument.Parse(content, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ServiceInstallException($"--config: {path} is not valid JSON: {ex.Message}", ex);
        }

        return content;
    }
}
