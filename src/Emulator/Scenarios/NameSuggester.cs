namespace IgdLab.Emulator.Scenarios;

/// <summary>"Did you mean …?" for misspelt keys, actions and ids: the nearest candidate by edit distance.</summary>
internal static class NameSuggester
{
    // Names are short; a long value is no typo of one, and the distance table grows with its length.
    private const int MaxWordLength = 64;

    /// <summary>The candidate nearest to <paramref name="word"/>, if it is near enough to be a likely typo.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > MaxWordLength)
        {
            return null;
        }

        var lowered = word.ToLowerInvariant();
        var allowed = Math.Clamp(word.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        if (best is not null && bestDistance <= allowed)
        {
            return best;
        }

        // A fragment of a longer name ("interval" for "probeInterval") is a likely slip too, when it fits just one.
        var containing = word.Length >= 4
            ? candidates.Where(c => c.Contains(word, StringComparison.OrdinalIgnoreCase)).Take(2).ToList()
            : [];
        return containing.Count == 1 ? containing[0] : null;
    }

    /// <summary><c>; did you mean 'x'?</c>, or the list of what is allowed when nothing is near.</summary>
    public static string Hint(string word, IReadOnlyCollection<string> candidates) =>
        Suggest(word, candidates) is { } suggestion
            ? $"; did you mean '{suggestion}'?"
            : candidates.Count == 0 ? "" : $" (expected one of: {string.Join(", ", candidates)})";

    /// <summary>The optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
