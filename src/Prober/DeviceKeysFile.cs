using System.Globalization;
using System.Text;
using IgdLab.Contracts;

namespace IgdLab.Prober;

/// <summary>
/// A file of device keys, one device a line: <c>ID KEY</c>, the id, white space, and the key as UTF-8 text to the end
/// of the line (trailing white space trimmed). Blank lines and lines starting with <c>#</c> are skipped. Problems
/// are reported as <c>FILE:LINE:COLUMN: what</c>, all of them, and the file counts only when there are none.
/// </summary>
/// <remarks>
/// The watchdog needs the keys themselves (it computes each device's HMAC proof), so they cannot be stored hashed.
/// What protects them is the file's permissions: <see cref="ReadableByOthers"/> says when the file can be read by
/// anyone but its owner, and the prober warns about it, as ssh does about a private key.
/// </remarks>
public static class DeviceKeysFile
{
    /// <summary>The keys in <paramref name="path"/>, or the problems that keep it from counting.</summary>
    public static (IReadOnlyDictionary<string, byte[]> Keys, IReadOnlyList<string> Problems) Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (new Dictionary<string, byte[]>(), [$"{path}: {ex.Message}"]);
        }

        return Parse(path, lines);
    }

    /// <summary>The keys in <paramref name="lines"/> (read from <paramref name="path"/>, which problems name).</summary>
    public static (IReadOnlyDictionary<string, byte[]> Keys, IReadOnlyList<string> Problems) Parse(string path, IReadOnlyList<string> lines)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var number = 1; number <= lines.Count; number++)
        {
            var line = lines[number - 1];
            var start = line.Length - line.TrimStart().Length;
            if (start == line.Length || line[start] == '#')
            {
                continue;
            }

            var idEnd = start;
            while (idEnd < line.Length && !char.IsWhiteSpace(line[idEnd]))
            {
                idEnd++;
            }

            var id = line[start..idEnd];
            var key = line[idEnd..].Trim();
            if (key.Length == 0)
            {
                problems.Add(At(path, number, idEnd + 1, $"'{id}' has no key: a line is ID KEY"));
                continue;
            }

            try
            {
                IdentityHandshake.ValidateDeviceId(id);
            }
            catch (ArgumentException)
            {
                problems.Add(At(path, number, start + 1, $"'{id}' is not a device id: 1-128 printable characters without spaces"));
                continue;
            }

            if (!keys.TryAdd(id, Encoding.UTF8.GetBytes(key)))
            {
                problems.Add(At(path, number, start + 1, $"'{id}' is given a second time"));
            }
        }

        return (keys, problems);
    }

    /// <summary>What changed from <paramref name="previous"/> to <paramref name="next"/>: ids added, ids whose key changed, ids gone.</summary>
    public static KeyChanges Compare(IReadOnlyDictionary<string, byte[]> previous, IReadOnlyDictionary<string, byte[]> next) =>
        new(
            [.. next.Keys.Where(id => !previous.ContainsKey(id)).Order(StringComparer.Ordinal)],
            [.. next.Where(pair => previous.TryGetValue(pair.Key, out var old) && !old.AsSpan().SequenceEqual(pair.Value)).Select(pair => pair.Key).Order(StringComparer.Ordinal)],
            [.. previous.Keys.Where(id => !next.ContainsKey(id)).Order(StringComparer.Ordinal)]);

    /// <summary>Whether anyone but the file's owner may read <paramref name="path"/> (always false where there are no Unix permissions).</summary>
    public static bool ReadableByOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;

    private static string At(string path, int line, int column, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}:{line}:{column}: {what}");
}

/// <summary>How a keys file changed between two readings, each list in id order.</summary>
public sealed record KeyChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed);
