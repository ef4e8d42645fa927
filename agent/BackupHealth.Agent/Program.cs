using BackupHealth.Agent.Check;
using BackupHealth.Agent.Enrolment;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Verify;
using BackupHealth.ServiceInstall;

if (EnrolAndInstall.Applies(args))
{
    return await EnrolAndInstall.RunAsync(args, AgentService.Definition, AgentService.Commands, Console.In, Console.Out, Console.Error);
}

if (ServiceCommandLine.IsVerb(args))
{
    return await ServiceVerb.RunAsync(args, AgentService.Definition, AgentService.Commands, Console.Out, Console.Error);
}

var commandLine = AgentCommandLine.Parse(args);
if (commandLine.Error is not null)
{
    if (commandLine.Verb == AgentVerb.Check)
    {
        return CheckVerb.Fail(commandLine, Console.Out, Console.Error, [commandLine.Error]);
    }

    await Console.Error.WriteLineAsync($"error: {commandLine.Error}\n\n{AgentCommandLine.Usage}");
    return commandLine.ConfigurationErrorExitCode;
}

return commandLine.Verb switch
{
    AgentVerb.Check => await CheckVerb.RunAsync(commandLine, Console.Out, Console.Error, CancellationToken.None),
    AgentVerb.Run => await RunVerb.RunAsync(commandLine, Console.Error),
    AgentVerb.Enroll => await EnrolVerb.RunAsync(commandLine, Console.In, Console.Out, Console.Error, CancellationToken.None),
    AgentVerb.Verify => await VerifyVerb.RunAsync(commandLine, Console.Out, Console.Error, progressOnStderr: !Console.IsErrorRedirected, CancellationToken.None),
    _ => await ShowUsageAsync(),
};

static async Task<int> ShowUsageAsync()
{
    await Console.Out.WriteLineAsync(AgentCommandLine.Usage);
    return 0;
}
