using System.ComponentModel.DataAnnotations;
using BackupHealth.Agent.Probes.ProxmoxApi;

namespace BackupHealth.Agent.Probes.ProxmoxBackupServer;

/// <summary>A <c>pbs</c> probe: a Proxmox Backup Server's datastores through its API, with an API token.</summary>
internal sealed class ProxmoxBackupServerProbeOptions : ProxmoxTokenOptions
{
    /// <summary>Datastores to read; empty = every datastore the token may see.</summary>
    public List<string> Datastores { get; set; } = [];

    protected override string UrlRequirement => "must be an absolute https URL of the backup server, e.g. https://pbs1:8007/";

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        for (var i = 0; i < Datastores.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Datastores[i]) || Datastores[i].Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')))
            {
                yield return new ValidationResult("must be a datastore name as PBS shows it (letters, digits, '-', '_', '.')", [$"{nameof(Datastores)}:{i}"]);
            }
        }
    }
}
