using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BackupHealth.Collector.Tests.Store;

public sealed class AgentTextTests
{
    private const string Hostile = "vm01\u202Egpj.exe\u2066";
    private const string Shown = "vm01gpj.exe";

    public static TheoryData<string> Messages => new() { nameof(Hello), nameof(ObservationBatch), nameof(Heartbeat), nameof(ProbeHealthReport), nameof(JobListReport), nameof(InventoryReport) };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_text_field_an_agent_sends_is_cleaned_except_its_own_id(string type)
    {
        // Every string field the message type has, found by reflection: a field added to the contract later fails here
        // until it is cleaned too. Maps are cleaned where they are encoded (JsonText).
        var message = Filled(type);

        Clean(message);

        var texts = Texts(message).ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.Equal(t.Field == "backuphealth.v1.Hello.agent_id" ? Hostile : Shown, t.Value));
    }

    [Fact]
    public void Cleaning_a_batch_without_controls_allocates_nothing()
    {
        var batch = Observations.Batch(1, "run", 500);
        AgentText.Clean(batch);

        var before = GC.GetAllocatedBytesForCurrentThread();
        AgentText.Clean(batch);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Attribute_maps_are_stored_without_controls()
    {
        var observation = Observations.Valid("run-1");
        observation.Attributes[Hostile] = Hostile;

        Assert.Equal($$"""{"path":"/backups/vm01.xva","{{Shown}}":"{{Shown}}"}""", JsonText.Attributes(observation.Attributes));
    }

    private static IMessage Filled(string type)
    {
        IMessage message = type switch
        {
            nameof(Hello) => new Hello { Probes = { new ConfiguredProbe() } },
            nameof(ObservationBatch) => new ObservationBatch { Observations = { new Observation { Verification = new Verification() } } },
            nameof(Heartbeat) => new Heartbeat { Probes = { new ProbeRunStatus() } },
            nameof(ProbeHealthReport) => new ProbeHealthReport { Probes = { new ProbeHealth() } },
            nameof(JobListReport) => new JobListReport { Jobs = { new JobListing() } },
            _ => new InventoryReport { Items = { new InventoryItem() } },
        };
        Fill(message);
        return message;
    }

    private static void Clean(IMessage message)
    {
        switch (message)
        {
            case Hello hello: AgentText.Clean(hello); break;
            case ObservationBatch batch: AgentText.Clean(batch); break;
            case Heartbeat heartbeat: AgentText.Clean(heartbeat); break;
            case ProbeHealthReport report: AgentText.Clean(report); break;
            case JobListReport report: AgentText.Clean(report); break;
            case InventoryReport report: AgentText.Clean(report); break;
        }
    }

    private static void Fill(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.String && !field.IsRepeated)
            {
                field.Accessor.SetValue(message, Hostile);
            }
            else if (Children(message, field) is { } children)
            {
                foreach (var child in children)
                {
                    Fill(child);
                }
            }
        }
    }

    private static IEnumerable<(string Field, string Value)> Texts(IMessage message) =>
        message.Descriptor.Fields.InFieldNumberOrder().SelectMany(field =>
            field.FieldType == FieldType.String && !field.IsRepeated
                ? [(field.FullName, (string)field.Accessor.GetValue(message))]
                : (Children(message, field) ?? []).SelectMany(Texts));

    /// <summary>The messages a message field holds (not maps, not well-known types such as Timestamp, which hold no text).</summary>
    private static IEnumerable<IMessage>? Children(IMessage message, FieldDescriptor field)
    {
        if (field.FieldType != FieldType.Message || field.IsMap || field.MessageType.File.Package != "backuphealth.v1")
        {
            return null;
        }

        return field.IsRepeated
            ? ((System.Collections.IEnumerable)field.Accessor.GetValue(message)).Cast<IMessage>()
            : field.Accessor.GetValue(message) is IMessage child ? [child] : null;
    }
}
