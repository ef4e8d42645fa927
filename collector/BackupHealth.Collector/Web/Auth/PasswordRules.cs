using System.Collections.Frozen;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>What a new password must be, wherever one is set (the users and account pages, the command line verbs,
/// the first admin): at least <see cref="MinLength"/> characters, not one of the commonest passwords — also not with
/// digits, spaces or symbols stuck before or after it ("Password2024!") nor repeated ("monkeymonkey") — not repeating
/// itself, and not a run along the alphabet, the digits or the keyboard. The common ones are the embedded
/// <c>common-passwords.txt</c>.</summary>
internal static class PasswordRules
{
    public const int MinLength = 12;

    public const string TooCommon = "a password must not be one of the commonest passwords, nor one of them with digits or symbols added (like Password2024!)";
    public const string Repeating = "a password must not repeat itself or use fewer than 5 different characters (like aaaaaaaaaaaa or abcabcabcabc)";
    public const string Sequence = "a password must not be a run along the alphabet, the digits or the keyboard (like 123456789012 or qwertyuiop12)";

    private const int MinDifferent = 5;

    // Runs people type; each is read around (its end joins its start) and backwards too.
    private static readonly string[] Runs =
    [
        "abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "qwertzuiopasdfghjklyxcvbnm",
        "azertyuiopqsdfghjklmwxcvbn", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp", "!@#$%^&*()",
    ];

    private static readonly FrozenSet<string> Common = Load();

    /// <summary>Why <paramref name="password"/> may not be used, for people; null when it may.</summary>
    public static string? Problem(string? password)
    {
        if (password is null || password.Length < MinLength)
        {
            return $"a password has at least {MinLength} characters";
        }

        var whole = password.ToLowerInvariant();
        var core = whole.Trim().Trim([.. whole.Where(IsDecoration).Distinct()]);
        if (IsCommon(whole) || IsCommon(core))
        {
            return TooCommon;
        }

        if (whole.Distinct().Count() < MinDifferent || Period(whole) < whole.Length)
        {
            return Repeating;
        }

        return IsRun(whole) || (core.Length >= MinLength / 2 && IsRun(core)) ? Sequence : null;
    }

    private static bool IsDecoration(char c) => char.IsDigit(c) || char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c);

    private static bool IsCommon(string text) =>
        text.Length > 0 && (Common.Contains(text) || Common.Contains(text[..Period(text)]));

    /// <summary>The length of the shortest piece <paramref name="text"/> is made of ("abcabc": 3); its own length when none.</summary>
    private static int Period(string text) => (text + text).IndexOf(text, 1, StringComparison.Ordinal);

    private static bool IsRun(string text) => Runs.Any(run =>
    {
        var around = string.Concat(Enumerable.Repeat(run, (text.Length / run.Length) + 2));
        return around.Contains(text, StringComparison.Ordinal) || around.Contains(new string([.. text.Reverse()]), StringComparison.Ordinal);
    });

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("auth/common-passwords.txt")
            ?? throw new InvalidOperationException("the common passwords are not embedded in the collector");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim().ToLowerInvariant());
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
