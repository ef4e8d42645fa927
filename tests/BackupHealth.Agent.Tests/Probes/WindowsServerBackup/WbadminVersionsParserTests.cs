using BackupHealth.Agent.Probes.WindowsServerBackup;

namespace BackupHealth.Agent.Tests.Probes.WindowsServerBackup;

public sealed class WbadminVersionsParserTests
{
    /// <summary>Shaped as an English server prints it (our own values): banner, then one block per version.</summary>
    internal const string English = """
        wbadmin 1.0 - Backup command-line tool
        (C) Copyright Microsoft Corporation. All rights reserved.

        Backup time: 3/8/2025 9:00 PM
        Backup target: Fixed Disk labeled BACKUP01(E:)
        Version identifier: 03/09/2025-02:00
        Can recover: Volume(s), File(s), Application(s), Bare Metal Recovery, System State
        Snapshot ID: {0b8c2f4e-1a3d-4c5e-8f70-9a1b2c3d4e5f}

        Backup time: 3/9/2025 9:00 PM
        Backup target: Fixed Disk labeled BACKUP01(E:)
        Version identifier: 03/10/2025-02:00
        Can recover: Volume(s), File(s), Application(s), Bare Metal Recovery, System State
        Snapshot ID: {7d6e5f4a-3b2c-4d1e-9f08-a7b6c5d4e3f2}

        """;

    /// <summary>The same in French (labels with a space before the colon, a 24-hour local time) and CRLF line ends.</summary>
    internal const string French =
        "wbadmin 1.0 - Outil de sauvegarde en ligne de commande\r\n(C) Copyright Microsoft Corporation. Tous droits réservés.\r\n\r\n" +
        "Heure de la sauvegarde : 09/03/2025 22:30\r\n" +
        "Cible de la sauvegarde : Disque fixe nommé SAUVEGARDE(F:)\r\n" +
        "Identificateur de version : 03/09/2025-21:30\r\n" +
        "Récupération possible : Volume(s), Fichier(s), Application(s)\r\n" +
        "ID de cliché instantané : {11111111-2222-4333-8444-555555555555}\r\n\r\n";

    [Fact]
    public void Each_block_is_found_by_its_version_identifier_read_as_UTC()
    {
        var versions = WbadminVersionsParser.Parse(English);

        Assert.Equal(2, versions.Count);
        var first = versions[0];
        Assert.Equal("03/09/2025-02:00", first.Identifier);
        Assert.Equal(new DateTime(2025, 3, 9, 2, 0, 0, DateTimeKind.Utc), first.TimeUtc);
        Assert.Equal(DateTimeKind.Utc, first.TimeUtc!.Value.Kind);
        Assert.Equal("3/8/2025 9:00 PM", first.BackupTime);
        Assert.Equal("Fixed Disk labeled BACKUP01(E:)", first.BackupTarget);
        Assert.Equal("Volume(s), File(s), Application(s), Bare Metal Recovery, System State", first.CanRecover);
        Assert.Equal("{0b8c2f4e-1a3d-4c5e-8f70-9a1b2c3d4e5f}", first.SnapshotId);
        Assert.Equal(new DateTime(2025, 3, 10, 2, 0, 0, DateTimeKind.Utc), versions[1].TimeUtc);
        Assert.Equal("{7d6e5f4a-3b2c-4d1e-9f08-a7b6c5d4e3f2}", versions[1].SnapshotId);
    }

    [Fact]
    public void Localized_labels_do_not_matter_and_the_localized_time_never_decides()
    {
        var version = Assert.Single(WbadminVersionsParser.Parse(French));

        // Local 22:30 on 9 March (day first) is 21:30 UTC: only the identifier is read as a time.
        Assert.Equal(new DateTime(2025, 3, 9, 21, 30, 0, DateTimeKind.Utc), version.TimeUtc);
        Assert.Equal("09/03/2025 22:30", version.BackupTime);
        Assert.Equal("Disque fixe nommé SAUVEGARDE(F:)", version.BackupTarget);
        Assert.Equal("Volume(s), Fichier(s), Application(s)", version.CanRecover);
    }

    [Fact]
    public void A_block_without_snapshot_line_does_not_lend_the_next_blocks_fields()
    {
        const string output = """
            Backup time: 3/8/2025 9:00 PM
            Backup target: Network Share labeled \\nas01\wsb
            Version identifier: 03/09/2025-02:00
            Can recover: File(s)
            Backup time: 3/9/2025 9:00 PM
            Backup target: Network Share labeled \\nas01\wsb
            Version identifier: 03/10/2025-02:00
            Can recover: File(s)
            """;

        var versions = WbadminVersionsParser.Parse(output);

        Assert.Equal(["", ""], versions.Select(v => v.SnapshotId));
        Assert.Equal(["3/8/2025 9:00 PM", "3/9/2025 9:00 PM"], versions.Select(v => v.BackupTime));
        Assert.All(versions, v => Assert.Equal(@"Network Share labeled \\nas01\wsb", v.BackupTarget));
    }

    [Fact]
    public void An_identifier_that_is_no_date_is_kept_without_a_time_and_other_text_is_no_version()
    {
        var versions = WbadminVersionsParser.Parse("""
            Backup time: 13/45/2025 9:00 PM
            Backup target: Fixed Disk labeled X(E:)
            Version identifier: 13/45/2025-02:00
            Can recover: File(s)

            ERROR - No backup was found.
            """);

        Assert.Null(Assert.Single(versions).TimeUtc);
        Assert.Empty(WbadminVersionsParser.Parse("ERROR - No backup was found.\r\n"));
    }
}
