namespace BackupHealth.Collector.Model;

/// <summary>An agent whose observations are being refused: since when, the latest refusal, how many were refused
/// since and the setting that refused them.</summary>
internal sealed record FloodingAgent(DateTimeOffset Since, DateTimeOffset LastRefused, long Refused, string Setting);
