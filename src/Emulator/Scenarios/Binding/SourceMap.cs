using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>
/// Where each bound record and each of its keys was written, and which keys could not be bound. It keeps positions out
/// of the public records, and lets the validator skip values that already have a binding error.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<object, Entry> _entries = new(ReferenceEqualityComparer.Instance);

    public void Add(object owner, string path, SourcePosition position, IReadOnlyDictionary<string, SourcePosition> keys, IReadOnlySet<string> failed) =>
        _entries[owner] = new Entry(path, position, keys, failed);

    /// <summary>Where the owner sits in the file (<c>faults[2]</c>), or <paramref name="fallback"/> for records built in code.</summary>
    public string PathOf(object owner, string fallback) => _entries.TryGetValue(owner, out var entry) ? entry.Path : fallback;

    /// <summary>The position of <paramref name="key"/>'s value if written, else of the owner's mapping, else unknown.</summary>
    public SourcePosition Position(object owner, string? key = null)
    {
        if (!_entries.TryGetValue(owner, out var entry))
        {
            return SourcePosition.Unknown;
        }

        return key is not null && entry.Keys.TryGetValue(key, out var position) ? position : entry.Position;
    }

    /// <summary>Whether <paramref name="owner"/> was read from a file (false for records built in code).</summary>
    public bool Contains(object owner) => _entries.ContainsKey(owner);

    /// <summary>Whether the file wrote <paramref name="key"/> in the owner's mapping (false for records built in code).</summary>
    public bool IsWritten(object owner, string key) => _entries.TryGetValue(owner, out var entry) && entry.Keys.ContainsKey(key);

    /// <summary>False when <paramref name="key"/> was missing or wrong and has been reported already.</summary>
    public bool IsBound(object owner, string key) => !_entries.TryGetValue(owner, out var entry) || !entry.Failed.Contains(key);

    private sealed record Entry(string Path, SourcePosition Position, IReadOnlyDictionary<string, SourcePosition> Keys, IReadOnlySet<string> Failed);
}
