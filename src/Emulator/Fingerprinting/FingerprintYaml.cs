using System.Text;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>Writes a fingerprint as a profile file, with a comment on every key that was not observed.</summary>
internal static class FingerprintYaml
{
    /// <summary>The draft as a profile file: header comments, then every key, with the reason beside each unobserved one.</summary>
    public static string Write(Fingerprint fingerprint)
    {
        var output = new StringBuilder();
        output.Append("# Drafted by `igdlab upnp fingerprint` from ").Append(fingerprint.DescriptionUrl).Append('\n');
        output.Append("# Keys marked 'not confirmed' keep their defaults or a guess; check them before use.\n");
        foreach (var remark in fingerprint.Remarks)
        {
            output.Append("# ").Append(OneLine(remark)).Append('\n');
        }

        var path = new List<(int Indent, string Key)>();
        foreach (var line in RouterProfileYaml.Write(fingerprint.Profile).Split('\n'))
        {
            var trimmed = line.TrimStart(' ');
            var indent = line.Length - trimmed.Length;
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (trimmed.Length == 0 || trimmed.StartsWith('-') || trimmed.StartsWith('#') || colon <= 0)
            {
                output.Append(line).Append('\n');
                continue;
            }

            path.RemoveAll(p => p.Indent >= indent);
            path.Add((indent, trimmed[..colon]));
            var key = string.Join('.', path.Select(p => p.Key));
            output.Append(line);
            if (fingerprint.Unknown.TryGetValue(key, out var reason))
            {
                output.Append("  # not confirmed: ").Append(OneLine(reason));
            }
            else if (fingerprint.Notes.TryGetValue(key, out var note))
            {
                output.Append("  # ").Append(OneLine(note));
            }

            output.Append('\n');
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
