using System.Reflection;
using System.Text;
using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Contracts;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using BackupHealth.Collector.Host;

namespace BackupHealth.Collector.Tests.Docs;

/// <summary>Every collector settings example in the READMEs and docs/*.md is read by the collector's own
/// configuration binding and validation, and every collector setting the text names exists, so a renamed or removed
/// setting fails here instead of in a user's start-up.</summary>
public sealed partial class CollectorSettingsDocsTests
{
    /// <summary>Every options section the collector binds: the types that declare a <c>SectionName</c>.</summary>
    private static readonly (string Section, Type Options)[] Sections =
    [
        .. typeof(CollectorOptions).Assembly.GetTypes()
            .Select(type => (Type: type, Field: type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true } && t.Field.GetRawConstantValue() is string name && name.StartsWith(CollectorOptions.SectionName, StringComparison.Ordinal))
            .Select(t => ((string)t.Field!.GetRawConstantValue()!, t.Type)),
    ];

    [Fact]
    public void Every_json_block_in_the_docs_is_settings_an_api_example_or_marked()
    {
        DocumentedSettings.AssertNone(DocumentedSettings.Problems());
    }

    [Fact]
    public void Collector_settings_examples_name_only_settings_the_collector_binds()
    {
        var examples = DocumentedSettings.Examples(SettingsOwner.Collector);

        var unknown = examples.SelectMany(example => DocumentedSettings.Keys(example)
            .Where(key => !SettingsKeys.Resolves(Sections, key))
            .Select(key => $"{example}: {key}"));

        Assert.NotEmpty(examples);
        DocumentedSettings.AssertNone(unknown);
    }

    [Fact]
    public async Task Collector_settings_examples_pass_the_collectors_own_validation()
    {
        var problems = new List<string>();
        foreach (var example in DocumentedSettings.Examples(SettingsOwner.Collector).Where(e => !e.Partial))
        {
            problems.AddRange((await ValidateAsync(example.Json)).Select(problem => $"{example}: {problem}"));
        }

        DocumentedSettings.AssertNone(problems);
    }

    [Fact]
    public void Collector_settings_named_in_the_docs_exist()
    {
        var unknown = DocumentedSettings.Mentions(CollectorOptions.SectionName).Where(mention => !SettingsKeys.Resolves(Sections, mention.Key));

        DocumentedSettings.AssertNone(unknown.Select(mention => mention.ToString()));
    }

    [Fact]
    public void Token_prefixes_in_the_docs_are_the_ones_the_collector_issues()
    {
        string[] issued = [AgentTokens.TokenPrefix, UserAccounts.ApiTokenPrefix, EnrolmentTokenFormat.Prefix];

        var tokens = DocumentedSettings.Find(TokenPrefix());

        Assert.Contains(tokens, token => token.Key == AgentTokens.TokenPrefix);
        DocumentedSettings.AssertNone(tokens.Where(token => !issued.Contains(token.Key)).Select(token => $"{token}: the collector issues {string.Join(" and ", issued)} tokens"));
    }

    [Fact]
    public async Task Validation_here_reports_a_bad_value_and_the_key_check_a_renamed_setting()
    {
        var problems = await ValidateAsync("""{ "Collector": { "Sites": [ { "Customer": "C", "Site": "S", "AgentTokens": [ "short" ] } ] } }""");

        Assert.Contains(problems, problem => problem.StartsWith("Collector:Sites:0:AgentTokens:0:", StringComparison.Ordinal));
        Assert.True(SettingsKeys.Resolves(Sections, "Collector:Notify:Channels:0:Smtp:Host"));
        Assert.False(SettingsKeys.Resolves(Sections, "Collector:StaleAfter"));
        Assert.False(SettingsKeys.Resolves(Sections, "Collector:Notify:Channels:0:Smtp:Hostname"));
    }

    /// <summary>The problems the collector's start-up validation finds in <paramref name="json"/> as its settings file.</summary>
    private static async Task<IReadOnlyList<string>> ValidateAsync(string json)
    {
        var builder = CollectorHost.CreateBuilder([]);
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        await using var app = CollectorHost.Build(builder, ShippedStores.All);
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)];
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bbh[a-z]_")]
    private static partial System.Text.RegularExpressions.Regex TokenPrefix();
}
