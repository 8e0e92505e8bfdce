using System.Globalization;
using System.Text;

namespace IgdLab.Emulator.Running;

/// <summary>
/// One of <see cref="Count"/> CI jobs that share a suite (<c>--shard 2/4</c>): it plays the scenarios whose name
/// hashes to it. Jobs 1 to <see cref="Count"/> together play every scenario exactly once, and every run of a scenario
/// (its variants and backends, compared side by side) lands in the same job.
/// </summary>
/// <param name="Index">Which shard, counted from 1.</param>
/// <param name="Count">How many shards there are.</param>
public sealed record RunShard(int Index, int Count)
{
    /// <summary>What <c>--shard</c> takes, for messages.</summary>
    public const string Form = "i/n, shard i of n counted from 1 (e.g. 2/4)";

    /// <summary>Whether the scenario named <paramref name="scenarioName"/> plays in this shard.</summary>
    public bool Holds(string scenarioName)
    {
        ArgumentNullException.ThrowIfNull(scenarioName);
        return Fnv1a(scenarioName) % (uint)Count == (uint)(Index - 1);
    }

    /// <summary>Parses <c>2/4</c>; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string text, out RunShard? shard, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        shard = null;
        problem = null;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            problem = $"--shard must be {Form}, not '{text}'";
            return false;
        }

        if (count < 1)
        {
            problem = $"--shard {text}: there must be at least 1 shard";
            return false;
        }

        if (index < 1 || index > count)
        {
            problem = $"--shard {text}: shards are counted from 1 to {count}";
            return false;
        }

        shard = new RunShard(index, count);
        return true;
    }

    /// <summary><c>2/4</c>, as <c>--shard</c> takes it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    // FNV-1a over UTF-8: the same on every machine and runtime, unlike string.GetHashCode, so every CI job agrees.
    private static uint Fnv1a(string text)
    {
        const uint OffsetBasis = 2166136261;
        const uint Prime = 16777619;
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }
}
