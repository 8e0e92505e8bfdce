using System.Net;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>An M-SEARCH reply as the router wrote it, odd headers and all.</summary>
internal sealed record RawSsdpReply
{
    public required IPEndPoint From { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required string StatusLine { get; init; }

    public Uri? Location { get; init; }

    public string? SearchTarget { get; init; }

    public string? Usn { get; init; }

    /// <summary>SERVER as sent: empty when present without a value, null when missing.</summary>
    public string? Server { get; init; }

    /// <summary>Reads a reply; null for anything that is not an <c>HTTP/1.x 200</c> answer.</summary>
    public static RawSsdpReply? TryParse(string text, IPEndPoint from, TimeSpan elapsed)
    {
        var lines = text.Split("\r\n");
        if (lines.Length == 0 || !lines[0].StartsWith("HTTP/1.", StringComparison.OrdinalIgnoreCase) || !lines[0].Contains(" 200", StringComparison.Ordinal))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return new RawSsdpReply
        {
            From = from,
            Elapsed = elapsed,
            StatusLine = lines[0],
            Location = headers.TryGetValue("LOCATION", out var location) && Uri.TryCreate(location, UriKind.Absolute, out var url) ? url : null,
            SearchTarget = headers.GetValueOrDefault("ST"),
            Usn = headers.GetValueOrDefault("USN"),
            Server = headers.GetValueOrDefault("SERVER"),
        };
    }
}
