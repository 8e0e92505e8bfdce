using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>
/// Reads the keys of one YAML mapping into typed values: reports unknown keys (with a suggestion), wrong types and
/// missing required keys, and remembers each key's position for <see cref="SourceMap"/>.
/// </summary>
internal sealed class MappingReader
{
    private readonly SourceMapping _mapping;
    private readonly BindingContext _context;
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);

    /// <param name="mapping">The mapping.</param>
    /// <param name="path">Where it sits, for messages: <c>devices[2]</c>; empty for the root.</param>
    /// <param name="allowed">The keys it accepts.</param>
    /// <param name="context">The file's diagnostics and source map.</param>
    /// <param name="what">What the mapping is, for the unknown-key message (<c>a generated fleet</c>).</param>
    /// <param name="nearMisses">Keys of a sibling shape worth suggesting though not allowed here.</param>
    public MappingReader(
        SourceMapping mapping, string path, IReadOnlyList<string> allowed, BindingContext context, string? what = null, IReadOnlyList<string>? nearMisses = null)
    {
        _mapping = mapping;
        _context = context;
        Path = path;
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (allowed.Contains(key))
            {
                _positions[key] = entry.Value.Position;
                continue;
            }

            var where = what ?? (path.Length == 0 ? "the scenario" : path);
            var suggestion = NameSuggester.Suggest(key, nearMisses is null ? allowed : [.. allowed, .. nearMisses]);
            var hint = suggestion is not null ? $"; did you mean '{suggestion}'?" : $" (allowed: {string.Join(", ", allowed)})";
            _context.Diagnostics.Add(entry.Key.Position, $"{Join(path, key)}: unknown key in {where}{hint}");
        }
    }

    /// <summary>Where the mapping sits, for messages.</summary>
    public string Path { get; }

    public SourcePosition Position => _mapping.Position;

    public bool Has(string key) => _positions.ContainsKey(key);

    /// <summary>The path of a key, for messages: <c>devices[2].service</c>.</summary>
    public string PathOf(string key) => Join(Path, key);

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>Reports a problem with <paramref name="key"/> and marks it as failed so that the validator leaves it alone.</summary>
    public void Fail(string key, string message)
    {
        _failed.Add(key);
        _context.Diagnostics.Add(_positions.TryGetValue(key, out var position) ? position : _mapping.Position, $"{PathOf(key)}: {message}");
    }

    /// <summary>Marks <paramref name="key"/> as failed without a message, when the problem is reported elsewhere.</summary>
    public void MarkFailed(string key) => _failed.Add(key);

    public string? Text(string key, bool required = false) =>
        Read<string>(key, required, ScalarConversions.ToText, out var value) ? value : null;

    public TimeSpan? Duration(string key, bool required = false) => Value<TimeSpan>(key, required, ScalarConversions.ToDuration);

    public int? Integer(string key, bool required = false) => Value<int>(key, required, ScalarConversions.ToInteger);

    public double? Number(string key) => Value<double>(key, false, ScalarConversions.ToNumber);

    public bool? Boolean(string key) => Value<bool>(key, false, ScalarConversions.ToBoolean);

    /// <summary>One word of <paramref name="allowed"/>, e.g. an action name.</summary>
    public string? Word(string key, IReadOnlyCollection<string> allowed, string what, bool required = false) =>
        Read(key, required, (SourceNode node, out string value) => ScalarConversions.ToWord(node, allowed, what, out value), out var word) ? word : null;

    /// <summary>A value of a shape only this caller knows; <paramref name="convert"/> returns the problem or null.</summary>
    public T? Value<T>(string key, bool required, ScalarConversion<T> convert)
        where T : struct => Read(key, required, convert, out var value) ? value : null;

    public SourceMapping? Mapping(string key) => Node<SourceMapping>(key, "a mapping");

    public SourceSequence? Sequence(string key, bool required = false) => Node<SourceSequence>(key, "a list", required);

    /// <summary>Records the positions of the keys read for <paramref name="record"/> and returns it.</summary>
    public T Register<T>(T record)
        where T : class
    {
        _context.Map.Add(record, Path, _mapping.Position, new Dictionary<string, SourcePosition>(_positions), new HashSet<string>(_failed));
        return record;
    }

    /// <summary>
    /// Takes over a nested mapping's key positions and failures under <paramref name="prefix"/> (<c>service.</c>), for
    /// values the model keeps flat on this mapping's record.
    /// </summary>
    public void Adopt(MappingReader child, string prefix)
    {
        foreach (var (key, position) in child._positions)
        {
            _positions[prefix + key] = position;
        }

        foreach (var key in child._failed)
        {
            _failed.Add(prefix + key);
        }
    }

    private T? Node<T>(string key, string expected, bool required = false)
        where T : SourceNode
    {
        if (Find(key, required) is not { } node)
        {
            return null;
        }

        if (node is T typed)
        {
            return typed;
        }

        Fail(key, node is SourceScalar { IsNull: true } ? ScalarConversions.NoValue : $"expected {expected}, not {node.Describe()}");
        return null;
    }

    private bool Read<T>(string key, bool required, ScalarConversion<T> convert, out T value)
    {
        value = default!;
        if (Find(key, required) is not { } node)
        {
            return false;
        }

        if (convert(node, out value) is { } problem)
        {
            Fail(key, problem);
            return false;
        }

        return true;
    }

    private SourceNode? Find(string key, bool required)
    {
        if (_mapping.Find(key) is { } entry && _positions.ContainsKey(key))
        {
            return entry.Value;
        }

        if (required)
        {
            _failed.Add(key);
            var where = Path.Length == 0 ? "" : $"{Path}: ";
            _context.Diagnostics.Add(_mapping.Position, $"{where}missing '{key}'");
        }

        return null;
    }
}
