namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>Checks of the free text people send: who, why, matcher values.</summary>
internal static class RequestText
{
    public const int MaxNameLength = 200;
    public const int MaxCommentLength = 2000;

    /// <summary>Trimmed; null when missing or blank.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A required short value such as <c>by</c>: one line, at most <see cref="MaxNameLength"/> characters.</summary>
    public static bool TryName(string field, string? value, out string name, out string error)
    {
        name = Clean(value) ?? "";
        error = name.Length == 0 ? $"{field} is required"
            : name.Length > MaxNameLength || name.Any(char.IsControl) ? $"{field} must be one line of at most {MaxNameLength} characters"
            : "";
        return error.Length == 0;
    }

    /// <summary>An optional short value (a matcher); null when blank.</summary>
    public static bool TryOptionalName(string field, string? value, out string? name, out string error)
    {
        name = Clean(value);
        error = name is not null && (name.Length > MaxNameLength || name.Any(char.IsControl))
            ? $"{field} must be one line of at most {MaxNameLength} characters"
            : "";
        return error.Length == 0;
    }

    public static bool TryComment(string? value, bool required, out string comment, out string error)
    {
        comment = Clean(value) ?? "";
        error = required && comment.Length == 0 ? "comment is required"
            : comment.Length > MaxCommentLength ? $"comment must be at most {MaxCommentLength} characters"
            : "";
        return error.Length == 0;
    }
}
