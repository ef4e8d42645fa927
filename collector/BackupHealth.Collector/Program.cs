using BackupHealth.Collector.Hosting;

return await CollectorHost.RunAsync(args);
