using System.Text;

namespace IgdLab.Igd.Gena;

/// <summary>Builds the body of a NOTIFY: an <c>e:propertyset</c> with one <c>e:property</c> per variable.</summary>
internal static class GenaPropertySet
{
    private const string Open = "<e:propertyset xmlns:e=\"" + UpnpUrns.EventNamespace + "\">";
    private const string Close = "</e:propertyset>";

    /// <summary>The property set for <paramref name="variables"/>, values XML-escaped.</summary>
    public static string Build(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var body = new StringBuilder(Open);
        foreach (var (name, value) in variables)
        {
            body.Append("<e:property><").Append(name).Append('>');
            AppendEscaped(body, value);
            body.Append("</").Append(name).Append("></e:property>");
        }

        return body.Append(Close).ToString();
    }

    private static void AppendEscaped(StringBuilder body, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '&' => body.Append("&amp;"),
                '<' => body.Append("&lt;"),
                '>' => body.Append("&gt;"),
                '"' => body.Append("&quot;"),
                '\'' => body.Append("&apos;"),
                _ => body.Append(c),
            };
        }
    }
}
