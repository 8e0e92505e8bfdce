namespace IgdLab.Igd.Yaml;

/// <summary>
/// Text split into lines as YamlDotNet counts them, so that a line and column it reports find their text: CR, LF, CRLF,
/// NEL, LS and PS end a line; a form feed or a vertical tab does not.
/// </summary>
public static class YamlLines
{
    /// <summary>The lines of <paramref name="text"/>, without their ends; a text ending in a line end has an empty last line.</summary>
    public static string[] Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Split(['\r', '\n', '\u0085', '\u2028', '\u2029']);
    }
}
