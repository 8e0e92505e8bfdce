using System.Globalization;
using System.Text;
using CsCheck;

namespace IgdLab.TestUtilities;

/// <summary>
/// Inputs for the fuzz properties: valid samples with a few bytes changed, cut, repeated or spliced with fragments a
/// parser finds hard. Mutants of real input reach deeper into a parser than random bytes, which most refuse at once.
/// </summary>
public static class FuzzInputs
{
    // Bytes that mean something to the text formats we parse: markup, separators, line ends, quotes, NUL, invalid UTF-8.
    private static readonly byte[] Delimiters = "<>&;:=/\\\"'#[]{}-*!?%\r\n\t "u8.ToArray().Concat(new byte[] { 0x00, 0x7F, 0x80, 0xC3, 0xFF }).ToArray();

    private static readonly Gen<byte> AnyByte = Gen.Frequency((1, Gen.Byte), (1, Gen.OneOf(Delimiters)));

    /// <summary>
    /// One of <paramref name="samples"/> after one to <paramref name="maxSteps"/> mutation steps: bytes overwritten,
    /// a range removed or repeated, one of <paramref name="fragments"/> spliced in, the end cut or extended.
    /// </summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> samples, IReadOnlyList<byte[]> fragments, int maxSteps = 4)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(fragments);
        var steps = Gen.OneOf(Overwrite, RemoveRange, RepeatRange, Splice(fragments), Resize).Array[1, maxSteps];
        return Gen.Select(Gen.Int[0, samples.Count - 1], steps).Select((index, chosen) =>
        {
            var bytes = samples[index];
            foreach (var step in chosen)
            {
                bytes = step(bytes);
            }

            return bytes;
        });
    }

    /// <summary>As <see cref="Mutated(IReadOnlyList{byte[]}, IReadOnlyList{byte[]}, int)"/> for text, read back as UTF-8 (bad sequences become U+FFFD).</summary>
    public static Gen<string> Mutated(IReadOnlyList<string> samples, IReadOnlyList<string> fragments, int maxSteps = 4)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(fragments);
        return Mutated([.. samples.Select(Encoding.UTF8.GetBytes)], [.. fragments.Select(Encoding.UTF8.GetBytes)], maxSteps)
            .Select(bytes => Encoding.UTF8.GetString(bytes));
    }

    /// <summary>
    /// One of <paramref name="samples"/> with its lines edited: a line removed, repeated, moved, indented or outdented,
    /// or one of <paramref name="fragments"/> put at the start or end of a line. Whole-line edits keep most of a
    /// structured text (YAML) readable, so they reach the checks behind the syntax.
    /// </summary>
    public static Gen<string> LineMutated(IReadOnlyList<string> samples, IReadOnlyList<string> fragments, int maxSteps = 4)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(fragments);
        var fragment = Gen.Int[0, fragments.Count - 1].Select(i => fragments[i]);
        var step = Gen.OneOf(
            Gen.Int.Positive.Select(at => Edit(lines => lines.RemoveAt(at % lines.Count))),
            Gen.Int.Positive.Select(at => Edit(lines => lines.Insert(at % lines.Count, lines[at % lines.Count]))),
            Gen.Select(Gen.Int.Positive, Gen.Int.Positive).Select((from, to) => Edit(lines =>
            {
                var line = lines[from % lines.Count];
                lines.RemoveAt(from % lines.Count);
                lines.Insert(to % (lines.Count + 1), line);
            })),
            Gen.Select(Gen.Int.Positive, Gen.Int[-4, 4]).Select((at, by) => Edit(lines =>
            {
                var line = lines[at % lines.Count];
                var indent = line.Length - line.TrimStart(' ').Length;
                lines[at % lines.Count] = by >= 0 ? new string(' ', by) + line : line[Math.Min(-by, indent)..];
            })),
            Gen.Select(Gen.Int.Positive, Gen.Bool, fragment).Select((at, start, text) => Edit(lines =>
                lines[at % lines.Count] = start ? text + lines[at % lines.Count] : lines[at % lines.Count] + text)));
        return Gen.Select(Gen.Int[0, samples.Count - 1], step.Array[1, maxSteps]).Select((index, chosen) =>
        {
            var lines = samples[index].Split('\n').ToList();
            foreach (var edit in chosen)
            {
                edit(lines);
            }

            return string.Join('\n', lines);
        });
    }

    /// <summary>The lines of <paramref name="text"/> as YamlDotNet counts them: CR, LF, CRLF, NEL, LS and PS end a line.</summary>
    public static string[] YamlLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Split(['\r', '\n', '\u0085', '\u2028', '\u2029']);
    }

    /// <summary>The bytes as a C# string literal (non-ASCII and control bytes escaped), to paste into a regression test.</summary>
    public static string Show(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = new StringBuilder("\"");
        foreach (var b in bytes)
        {
            _ = b switch
            {
                (byte)'"' => text.Append("\\\""),
                (byte)'\\' => text.Append("\\\\"),
                (byte)'\r' => text.Append("\\r"),
                (byte)'\n' => text.Append("\\n"),
                (byte)'\t' => text.Append("\\t"),
                >= 0x20 and < 0x7F => text.Append((char)b),
                _ => text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}"),
            };
        }

        return text.Append("\"u8").ToString();
    }

    /// <summary>The text as a C# string literal, to paste into a regression test.</summary>
    public static string Show(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var literal = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => literal.Append("\\\""),
                '\\' => literal.Append("\\\\"),
                '\r' => literal.Append("\\r"),
                '\n' => literal.Append("\\n"),
                '\t' => literal.Append("\\t"),
                >= ' ' and < '\x7F' => literal.Append(c),
                _ => literal.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
            };
        }

        return literal.Append('"').ToString();
    }

    private static Func<byte[], byte[]> Mutation(Func<byte[], byte[]> step) => step;

    private static Action<List<string>> Edit(Action<List<string>> edit) => lines =>
    {
        if (lines.Count > 0)
        {
            edit(lines);
        }
    };

    private static Gen<Func<byte[], byte[]>> Overwrite =>
        Gen.Select(Gen.Int.Positive, AnyByte).Array[1, 8].Select(edits => Mutation(bytes =>
        {
            var copy = (byte[])bytes.Clone();
            foreach (var (at, value) in edits.Where(_ => copy.Length > 0))
            {
                copy[at % copy.Length] = value;
            }

            return copy;
        }));

    private static Gen<Func<byte[], byte[]>> RemoveRange =>
        Gen.Select(Gen.Int.Positive, Gen.Int[1, 64]).Select((at, length) => Mutation(bytes =>
        {
            if (bytes.Length == 0)
            {
                return bytes;
            }

            var start = at % bytes.Length;
            return [.. bytes[..start], .. bytes[Math.Min(bytes.Length, start + length)..]];
        }));

    private static Gen<Func<byte[], byte[]>> RepeatRange =>
        Gen.Select(Gen.Int.Positive, Gen.Int[1, 64], Gen.Int[1, 8]).Select((at, length, times) => Mutation(bytes =>
        {
            if (bytes.Length == 0)
            {
                return bytes;
            }

            var start = at % bytes.Length;
            var range = bytes[start..Math.Min(bytes.Length, start + length)];
            return [.. bytes[..start], .. Enumerable.Repeat(range, times).SelectMany(r => r), .. bytes[start..]];
        }));

    private static Gen<Func<byte[], byte[]>> Splice(IReadOnlyList<byte[]> fragments) =>
        fragments.Count == 0
            ? Overwrite
            : Gen.Select(Gen.Int.Positive, Gen.Int[0, fragments.Count - 1]).Select((at, index) => Mutation(bytes =>
            {
                var start = bytes.Length == 0 ? 0 : at % (bytes.Length + 1);
                return [.. bytes[..start], .. fragments[index], .. bytes[start..]];
            }));

    private static Gen<Func<byte[], byte[]>> Resize =>
        Gen.Select(Gen.Int[-32, 32], AnyByte).Select((by, filler) => Mutation(bytes =>
            by < 0 ? bytes[..Math.Max(0, bytes.Length + by)] : [.. bytes, .. Enumerable.Repeat(filler, by)]));
}
