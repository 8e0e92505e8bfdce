using System.Xml;

namespace IgdLab.Device.Upnp.Description;

/// <summary>
/// Reads repaired description text into a <see cref="DescriptionElement"/> tree. Namespaces are not processed, so
/// undeclared prefixes and odd namespaces do not matter; DTDs are refused; reading stops at the end of the document
/// element, so trailing junk is ignored.
/// </summary>
internal static class DescriptionDocument
{
    /// <summary>Deeper nesting is not a description; the limit keeps hostile documents cheap.</summary>
    public const int MaxDepth = 64;

    /// <summary>The document element of <paramref name="text"/>.</summary>
    /// <exception cref="XmlException">The text is not well-formed or nests deeper than <see cref="MaxDepth"/>.</exception>
    public static DescriptionElement Load(string text)
    {
        using var reader = new XmlTextReader(new StringReader(text))
        {
            Namespaces = false,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            EntityHandling = EntityHandling.ExpandCharEntities,
        };
        var open = new Stack<DescriptionElement>();
        DescriptionElement? root = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var element = new DescriptionElement(reader.Name);
                    if (open.TryPeek(out var parent))
                    {
                        parent.Add(element);
                    }
                    else
                    {
                        root = element;
                    }

                    if (reader.IsEmptyElement)
                    {
                        if (open.Count == 0)
                        {
                            return element;
                        }

                        break;
                    }

                    if (open.Count >= MaxDepth)
                    {
                        throw new XmlException($"elements nest deeper than {MaxDepth} levels");
                    }

                    open.Push(element);
                    break;
                case XmlNodeType.EndElement:
                    var closed = open.Pop();
                    if (open.Count == 0)
                    {
                        return closed;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (open.TryPeek(out var owner))
                    {
                        owner.AppendText(reader.Value);
                    }

                    break;
                case XmlNodeType.EntityReference:
                    // An HTML entity such as &nbsp; without a DTD: keep it as written rather than fail.
                    if (open.TryPeek(out var holder))
                    {
                        holder.AppendText($"&{reader.Name};");
                    }

                    break;
                default:
                    break;
            }
        }

        return root ?? throw new XmlException("the document has no element");
    }
}
