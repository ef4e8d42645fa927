namespace BackupHealth.Collector.Notify.Channels;

/// <summary>A labelled value; a time is kept from wrapping in the HTML part.</summary>
internal sealed record EmailFact(string Label, string Value, bool IsTime = false);

/// <summary>The news shown first in an alert; a re-open is <paramref name="Attention"/>: someone thought it fixed.</summary>
internal sealed record EmailCallout(string Label, string Text, bool Attention);

/// <summary>One recent run: status, time, size and message as shown.</summary>
internal sealed record EmailRun(string Status, string Time, string Size, string Message);
