namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>Reads a miniupnpc testdesc <c>.values</c> file: sections (<c>CIF:</c>, <c>first:</c>) of <c>key = value</c> lines.</summary>
internal static class ValuesFile
{
    public static Dictionary<string, Dictionary<string, string>> Read(string path)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith(':'))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                sections[line[..^1]] = current;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is not null && equals > 0)
            {
                current[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return sections;
    }
}
