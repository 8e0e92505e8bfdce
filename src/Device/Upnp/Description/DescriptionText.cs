using System.Text;
using System.Text.RegularExpressions;

namespace IgdLab.Device.Upnp.Description;

/// <summary>
/// Turns description bytes into text an XML reader accepts, forgiving what real routers send: invalid UTF-8
/// (ARRIS TG2492LG), a Latin-1 declaration, whitespace before <c>&lt;?xml</c> (MikroTik), control characters and
/// bare ampersands in names. Nothing here throws on bad bytes.
/// </summary>
internal static partial class DescriptionText
{
    private const int DeclarationScanLength = 256;

    private static readonly Encoding LenientUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly Encoding LenientUtf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false);
    private static readonly Encoding LenientUtf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false);

    /// <summary>Decodes <paramref name="bytes"/> (BOM, then the declared encoding, else UTF-8) and repairs the text.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var (encoding, skip) = DetectEncoding(bytes);
        return Repair(encoding.GetString(bytes[skip..]));
    }

    /// <summary>Whether the text declares a document type before its first element.</summary>
    public static bool HasDoctype(string text)
    {
        var firstElement = FirstElementStart().Match(text);
        var prolog = firstElement.Success ? text.AsSpan(0, firstElement.Index) : text.AsSpan();
        return prolog.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
    }

    private static (Encoding Encoding, int Skip) DetectEncoding(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (LenientUtf8, 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (LenientUtf16Le, 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (LenientUtf16Be, 2);
        }

        // The declaration is ASCII in every encoding a router would use without a BOM.
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, DeclarationScanLength)]);
        var declared = DeclaredEncoding().Match(head);
        if (declared.Success)
        {
            var name = declared.Groups["name"].Value;
            if (name.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase)
                || name.Equals("latin1", StringComparison.OrdinalIgnoreCase)
                || name.Equals("windows-1252", StringComparison.OrdinalIgnoreCase)
                || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
            {
                return (Encoding.Latin1, 0);
            }
        }

        return (LenientUtf8, 0);
    }

    private static string Repair(string text)
    {
        // XML forbids anything before the declaration; routers send whitespace, BOMs and NULs there.
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] is '\uFEFF' or '\0'))
        {
            start++;
        }

        var builder = new StringBuilder(text.Length - start);
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            builder.Append(IsXmlChar(c) ? c : '\uFFFD');
        }

        return BareAmpersand().Replace(builder.ToString(), "&amp;");
    }

    // XML 1.0 Char; surrogates cannot be unpaired here because the decoders above replace invalid sequences.
    private static bool IsXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || (c >= '\x20' && c != '\uFFFE' && c != '\uFFFF');

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["'](?<name>[A-Za-z0-9._-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredEncoding();

    [GeneratedRegex("&(?!(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_][A-Za-z0-9._-]*);)", RegexOptions.CultureInvariant)]
    private static partial Regex BareAmpersand();

    [GeneratedRegex("<[A-Za-z_]", RegexOptions.CultureInvariant)]
    private static partial Regex FirstElementStart();
}
