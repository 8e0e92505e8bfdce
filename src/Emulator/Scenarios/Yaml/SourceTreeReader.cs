using IgdLab.Igd.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>
/// Reads one YAML document into <see cref="SourceNode"/>s straight from the parser's events, so that every value keeps
/// its line and column and aliases are paid for at their expanded size. Problems go to the collector; the reader
/// never throws for bad input.
/// </summary>
internal sealed class SourceTreeReader
{
    private const string MergeKey = "<<";
    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly Parser _parser;
    private readonly DiagnosticCollector _diagnostics;
    private readonly YamlLimits _limits;
    private readonly Dictionary<string, SourceNode> _anchors = new(StringComparer.Ordinal);
    private readonly int[] _lineLengths;
    private int _nodes;

    private SourceTreeReader(string text, DiagnosticCollector diagnostics, YamlLimits limits)
    {
        _parser = new Parser(new StringReader(text));
        _lineLengths = [.. YamlLines.Of(text).Select(line => line.Length)];
        _diagnostics = diagnostics;
        _limits = limits;
    }

    /// <summary>The document's root node, or null when the text is empty or unreadable (the reason is reported).</summary>
    public static SourceNode? Read(string text, DiagnosticCollector diagnostics, YamlLimits limits)
    {
        var reader = new SourceTreeReader(text, diagnostics, limits);
        try
        {
            return reader.ReadStream();
        }
        catch (UnreadableYamlException ex)
        {
            diagnostics.Add(ex.Position, ex.Message);
        }
        catch (Exception ex) when (ex is YamlException or ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws the others on some malformed input (an unclosed flow list before a block key);
            // a file must never give a stack trace. The structure open at that point is the fallback place to point at.
            var position = reader.CurrentPosition;
            var problem = YamlSyntaxProblem.Describe(ex, text, position.Line, position.Column);
            diagnostics.Add(new SourcePosition(problem.Line, problem.Column), $"YAML syntax: {problem.Message}");
        }

        return null;
    }

    private SourcePosition CurrentPosition => _parser.Current is { } current ? ToPosition(current.Start) : new SourcePosition(1, 1);

    // YamlDotNet puts the empty node of a document that is only '---' past the end of the text (2:2 for "---"): keep
    // every position on a character of its line or just past the line's end, and one past the last line at the end.
    private SourcePosition ToPosition(Mark mark)
    {
        var last = _lineLengths.Length;
        if (mark.Line > last)
        {
            return new(last, _lineLengths[last - 1] + 1);
        }

        var line = (int)Math.Max(mark.Line, 1);
        return new(line, (int)Math.Clamp(mark.Column, 1, _lineLengths[line - 1] + 1));
    }

    private SourceNode? ReadStream()
    {
        _parser.Consume<StreamStart>();
        if (!_parser.TryConsume<DocumentStart>(out _))
        {
            _diagnostics.Add(new SourcePosition(1, 1), "the file is empty; a scenario needs at least name, duration, gateways and devices");
            return null;
        }

        var root = ReadNode(1);
        _parser.Consume<DocumentEnd>();
        if (_parser.Accept<DocumentStart>(out var second))
        {
            _diagnostics.Add(ToPosition(second.Start), "a second YAML document ('---'); a file holds exactly one scenario");
        }

        return root;
    }

    private SourceNode ReadNode(int depth)
    {
        var current = _parser.Current ?? throw new UnreadableYamlException(CurrentPosition, "the YAML ends unexpectedly");
        var position = ToPosition(current.Start);
        if (depth > _limits.MaxDepth)
        {
            throw new UnreadableYamlException(position, $"lists and mappings are nested deeper than {_limits.MaxDepth} levels");
        }

        switch (current)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new UnreadableYamlException(position, $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
                }

                Count(target.Size, position);
                return target;
            case Scalar scalar:
                _parser.MoveNext();
                Count(1, position);
                return Anchor(scalar, new SourceScalar(scalar.Value, IsPlain(scalar), position));
            case SequenceStart start:
                _parser.MoveNext();
                return Anchor(start, ReadSequence(depth, position));
            case MappingStart start:
                _parser.MoveNext();
                return Anchor(start, ReadMapping(depth, position));
            default:
                throw new UnreadableYamlException(position, $"unexpected YAML event {current.GetType().Name}");
        }
    }

    private static bool IsPlain(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain)
        {
            return false;
        }

        // `!!str 42` is text even though it is unquoted; other tags are ignored.
        return scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific || scalar.Tag.Value != StringTag;
    }

    private SourceSequence ReadSequence(int depth, SourcePosition position)
    {
        Count(1, position);
        var items = new List<SourceNode>();
        var size = 1;
        while (!_parser.TryConsume<SequenceEnd>(out _))
        {
            var item = ReadNode(depth + 1);
            items.Add(item);
            size += item.Size;
        }

        return new SourceSequence(items, size, position);
    }

    private SourceMapping ReadMapping(int depth, SourcePosition position)
    {
        Count(1, position);
        var entries = new List<SourceEntry>();
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var merged = new List<SourceEntry>();
        var size = 1;
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(depth + 1);
            var value = ReadNode(depth + 1);
            size += key.Size + value.Size;
            if (key is not SourceScalar scalarKey || scalarKey.IsNull)
            {
                _diagnostics.Add(key.Position, $"a key must be a name, not {key.Describe()}");
            }
            else if (scalarKey.IsPlain && scalarKey.Value == MergeKey)
            {
                merged.AddRange(MergeSources(value));
            }
            else if (seen.TryGetValue(scalarKey.Value, out var first))
            {
                _diagnostics.Add(scalarKey.Position, $"duplicate key '{scalarKey.Value}' (first at line {first.Line})");
            }
            else
            {
                seen.Add(scalarKey.Value, scalarKey.Position);
                entries.Add(new SourceEntry(scalarKey, value));
            }
        }

        // YAML merge keys (`<<: *defaults`): keys written in the mapping win, then earlier sources over later ones.
        foreach (var entry in merged)
        {
            if (seen.TryAdd(entry.Key.Value, entry.Key.Position))
            {
                entries.Add(entry);
                Count(1 + entry.Value.Size, position);
                size += 1 + entry.Value.Size;
            }
        }

        return new SourceMapping(entries, size, position);
    }

    private IEnumerable<SourceEntry> MergeSources(SourceNode value)
    {
        var sources = value is SourceSequence sequence ? sequence.Items : [value];
        foreach (var source in sources)
        {
            if (source is SourceMapping mapping)
            {
                foreach (var entry in mapping.Entries)
                {
                    yield return entry;
                }
            }
            else
            {
                _diagnostics.Add(source.Position, $"a merge key '<<' takes a mapping or a list of mappings, not {source.Describe()}");
            }
        }
    }

    private T Anchor<T>(NodeEvent nodeEvent, T node)
        where T : SourceNode
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            _anchors[nodeEvent.Anchor.Value] = node;
        }

        return node;
    }

    private void Count(int nodes, SourcePosition position)
    {
        _nodes += nodes;
        if (_nodes > _limits.MaxNodes)
        {
            throw new UnreadableYamlException(
                position, $"the document expands to more than {_limits.MaxNodes} YAML nodes (aliases count at their full size); a scenario is far smaller");
        }
    }

    /// <summary>A problem after which the rest of the document cannot be read.</summary>
    private sealed class UnreadableYamlException(SourcePosition position, string message) : Exception(message)
    {
        public SourcePosition Position { get; } = position;
    }
}
