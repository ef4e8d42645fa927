using System.Text.Json.Serialization;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.Shared.State;

public sealed class ProbeStateStoresTests : IDisposable
{
    private readonly TempDirectory _temp = new("probe-state");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_saved_cursor_is_there_for_the_next_process()
    {
        var folder = _temp.Combine("probe-state");
        ProbeStateStores.InFolder(folder).For("vbr main").Save(new Cursor { LastSeen = "2026-11-27T02:00:00Z", Open = ["s1"] }, TestStateJson.Default.Cursor);

        var loaded = ProbeStateStores.InFolder(folder).For("vbr main").Load(TestStateJson.Default.Cursor);

        Assert.Equal("2026-11-27T02:00:00Z", loaded?.LastSeen);
        Assert.Equal(["s1"], loaded?.Open);
        Assert.Null(ProbeStateStores.InFolder(folder).For("VBR MAIN").Load(TestStateJson.Default.Cursor));
    }

    [Fact]
    public void Unreadable_state_is_forgotten_not_fatal()
    {
        var folder = _temp.Combine("probe-state");
        var stores = ProbeStateStores.InFolder(folder);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ProbeStateStores.FileNameFor("vbr")), "{ not json");

        Assert.Null(stores.For("vbr").Load(TestStateJson.Default.Cursor));
    }

    [Fact]
    public void Names_that_would_clash_as_file_names_get_their_own_files()
    {
        string[] names = ["a/b", "a:b", "a b", "A B", "../x"];

        var files = names.Select(ProbeStateStores.FileNameFor).ToList();

        Assert.Equal(names.Length, files.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(files, f => Assert.Equal(f, Path.GetFileName(f)));
    }

    [Fact]
    public void In_memory_stores_remember_within_the_process_only()
    {
        var stores = ProbeStateStores.InMemory();
        stores.For("vbr").Save(new Cursor { LastSeen = "x" }, TestStateJson.Default.Cursor);

        Assert.Equal("x", stores.For("vbr").Load(TestStateJson.Default.Cursor)?.LastSeen);
        Assert.Null(ProbeStateStores.InMemory().For("vbr").Load(TestStateJson.Default.Cursor));
    }
}

public sealed class Cursor
{
    public string LastSeen { get; set; } = "";

    public List<string> Open { get; set; } = [];
}

[JsonSerializable(typeof(Cursor))]
internal sealed partial class TestStateJson : JsonSerializerContext;
