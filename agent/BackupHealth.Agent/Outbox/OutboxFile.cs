namespace BackupHealth.Agent.Outbox;

/// <summary>One <c>&lt;sequence&gt;.obs</c> file: length-prefixed observations written by one append.</summary>
internal sealed record OutboxFile(long Sequence, string Path, int Count, long Bytes);
