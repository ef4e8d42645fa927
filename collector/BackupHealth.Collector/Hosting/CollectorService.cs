using BackupHealth.ServiceInstall;

namespace BackupHealth.Collector.Hosting;

/// <summary>The collector as an installed service (<c>install</c> / <c>uninstall</c>): its names, where its files
/// go, and the settings a new configuration file is written with.</summary>
internal static class CollectorService
{
    public const string WindowsName = "BackupHealthCollector";

    public static readonly ServiceDefinition Definition = new(
        Name: "backuphealth-collector",
        WindowsName: WindowsName,
        DisplayName: "BackupHealth Collector",
        Description: "Receives backup observations from BackupHealth agents, stores them, raises alerts and serves the dashboard.",
        WindowsFolder: @"BackupHealth\Collector",
        ConfigFileName: "collector.json",
        RunArguments: [],
        DataPathSetting: $"{CollectorOptions.SectionName}:{nameof(CollectorOptions.DataPath)}",
        TemplateOptions:
        [
            new("--grpc-url", $"{CollectorOptions.SectionName}:{nameof(CollectorOptions.GrpcUrl)}", "URL"),
            new("--web-url", $"{CollectorOptions.SectionName}:{nameof(CollectorOptions.WebUrl)}", "URL"),
        ]);
}
