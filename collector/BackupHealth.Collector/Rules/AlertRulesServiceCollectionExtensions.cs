using BackupHealth.Collector.Store;
using BackupHealth.Collector.Expectations;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

internal static class AlertRulesServiceCollectionExtensions
{
    /// <summary>Expectations (options, resolver, store, API JSON) and every alert rule as an <see cref="IAlertRule"/>,
    /// each with its options bound and validated at start.</summary>
    public static IServiceCollection AddAlertRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions(configuration, ExpectationOptions.SectionName, new ExpectationOptionsValidator());
        services.AddSingleton<IExpectationResolver, ExpectationResolver>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ExpectationsJsonContext.Default));

        services.AddRule<JobFailedRule, JobFailedOptions>(configuration, JobFailedOptions.SectionName);
        services.AddRule<JobMissedRule, JobMissedOptions>(configuration, JobMissedOptions.SectionName);
        services.AddRule<WarningsRepeatRule, WarningsRepeatOptions>(configuration, WarningsRepeatOptions.SectionName, new WarningsRepeatOptionsValidator());
        services.AddRule<VerificationFailedRule, VerificationFailedOptions>(configuration, VerificationFailedOptions.SectionName);
        services.AddRule<SizeAnomalyRule, SizeAnomalyOptions>(configuration, SizeAnomalyOptions.SectionName, new SizeAnomalyOptionsValidator());
        services.AddRule<DurationAnomalyRule, DurationAnomalyOptions>(configuration, DurationAnomalyOptions.SectionName, new DurationAnomalyOptionsValidator());
        services.AddRule<AgentSilentRule, AgentSilentOptions>(configuration, AgentSilentOptions.SectionName, new AgentSilentOptionsValidator());
        services.AddRule<AgentFloodingRule, AgentFloodingOptions>(configuration, AgentFloodingOptions.SectionName);
        services.AddRule<ProbeErrorRule, ProbeErrorOptions>(configuration, ProbeErrorOptions.SectionName, new ProbeErrorOptionsValidator());
        services.AddRule<ProbeStalledRule, ProbeStalledOptions>(configuration, ProbeStalledOptions.SectionName, new ProbeStalledOptionsValidator());
        services.AddRule<JobDisabledRule, JobDisabledOptions>(configuration, JobDisabledOptions.SectionName);
        services.AddRule<JobDisappearedRule, JobDisappearedOptions>(configuration, JobDisappearedOptions.SectionName);
        services.AddRule<VmNotProtectedRule, VmNotProtectedOptions>(configuration, VmNotProtectedOptions.SectionName, new VmNotProtectedOptionsValidator());
        return services;
    }

    private static void AddRule<TRule, TOptions>(
        this IServiceCollection services, IConfiguration configuration, string section, IValidateOptions<TOptions>? validator = null)
        where TRule : class, IAlertRule
        where TOptions : class
    {
        services.AddValidatedOptions(configuration, section, validator);
        services.AddSingleton<IAlertRule, TRule>();
    }

    private static void AddValidatedOptions<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string section, IValidateOptions<TOptions>? validator)
        where TOptions : class
    {
        services.AddOptionsWithValidateOnStart<TOptions>().Bind(configuration.GetSection(section));
        if (validator is not null)
        {
            services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(validator, section));
        }
    }
}
