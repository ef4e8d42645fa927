using BackupHealth.Collector.Host;
using BackupHealth.Collector.Hosting;
using BackupHealth.ServiceInstall;

if (ServiceCommandLine.IsVerb(args))
{
    return await ServiceVerb.RunAsync(args, CollectorService.Definition, () => new ProcessSystemCommands(), Console.Out, Console.Error);
}

return await CollectorHost.RunAsync(args, ShippedStores.All);
