using System.Text;
using System.Xml;

namespace IgdLab.Emulator.Reports;

/// <summary>Text made safe for XML reports.</summary>
internal static class XmlSafeText
{
    /// <summary>
    /// Replaces characters XML 1.0 cannot carry at all (control characters in an exception message, a lone
    /// surrogate) with U+FFFD: XmlWriter would otherwise throw halfway through a report. Escaping of
    /// <c>&lt;&amp;"</c> is left to XmlWriter.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean?.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean?.Append(c);
            }
            else
            {
                // Copy the good prefix only once something has to change: most text passes through untouched.
                clean ??= new StringBuilder(text.Length).Append(text, 0, i);
                clean.Append('\uFFFD');
            }
        }

        return clean?.ToString() ?? text;
    }
}
