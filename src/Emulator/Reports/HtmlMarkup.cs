using System.Globalization;
using System.Xml;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// Writes XHTML that browsers also parse as HTML: every text cleaned for XML and escaped, and every non-void
/// element closed with a full end tag (<c>&lt;td&gt;&lt;/td&gt;</c>, never <c>&lt;td /&gt;</c>, which HTML reads as an open tag).
/// </summary>
internal sealed class HtmlMarkup(XmlWriter xml)
{
    public const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";
    public const string SvgNamespace = "http://www.w3.org/2000/svg";

    public XmlWriter Xml { get; } = xml;

    /// <summary>Opens an element in the namespace in scope, with an optional class.</summary>
    public HtmlMarkup Start(string name, string? cssClass = null)
    {
        Xml.WriteStartElement(name);
        if (!string.IsNullOrEmpty(cssClass))
        {
            Xml.WriteAttributeString("class", cssClass);
        }

        return this;
    }

    public HtmlMarkup Attribute(string name, string value)
    {
        Xml.WriteAttributeString(name, XmlSafeText.Clean(value));
        return this;
    }

    public HtmlMarkup Attribute(string name, double value) => Attribute(name, Coordinate(value));

    public HtmlMarkup Text(string? text)
    {
        Xml.WriteString(XmlSafeText.Clean(text));
        return this;
    }

    /// <summary>Closes an HTML element with a full end tag.</summary>
    public HtmlMarkup End()
    {
        Xml.WriteFullEndElement();
        return this;
    }

    /// <summary>Closes an SVG element (self-closing is fine inside <c>&lt;svg&gt;</c>).</summary>
    public HtmlMarkup EndShape()
    {
        Xml.WriteEndElement();
        return this;
    }

    /// <summary>A whole element holding only text.</summary>
    public HtmlMarkup Element(string name, string? text, string? cssClass = null) => Start(name, cssClass).Text(text).End();

    /// <summary>A table row of text cells (<c>td</c>, or <c>th</c> for a header row); cells from <paramref name="numbersFrom"/> on are right-aligned numbers.</summary>
    public HtmlMarkup Row(IEnumerable<string> cells, string cell = "td", int numbersFrom = int.MaxValue)
    {
        Start("tr");
        var index = 0;
        foreach (var text in cells)
        {
            Element(cell, text, index++ >= numbersFrom ? "number" : null);
        }

        return End();
    }

    /// <summary>SVG coordinates: invariant culture, two decimals at most.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
