using System.Globalization;
using System.Text;
using System.Xml.Linq;
using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

/// <summary>Writes a run as the HTML report and reads the page back as XML, with shortcuts to its parts.</summary>
internal static class HtmlPage
{
    public static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Raw(RunReport report)
    {
        using var stream = new MemoryStream();
        new HtmlReportWriter().Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static XDocument Parse(RunReport report) => XDocument.Parse(Raw(report));

    public static List<XElement> Sections(XDocument page) =>
        page.Descendants(Html + "section").Where(s => Class(s).StartsWith("scenario", StringComparison.Ordinal)).ToList();

    /// <summary>The whole-run timeline of each scenario, in page order.</summary>
    public static List<XElement> Svgs(XDocument page) => page.Descendants(Svg + "svg").Where(s => Class(s) == "timeline whole").ToList();

    /// <summary>The close-up figures of a scenario's section.</summary>
    public static List<XElement> CloseUps(XElement section) =>
        section.Descendants(Html + "figure").Where(f => Class(f) == "closeup").ToList();

    public static IEnumerable<XElement> WithClass(XElement root, string cssClass) => root.Descendants().Where(e => Class(e) == cssClass);

    public static string Class(XElement element) => (string?)element.Attribute("class") ?? "";

    public static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    public static string Tooltip(XElement element) => element.Element(Svg + "title")!.Value;

    public static Dictionary<string, string> Facts(XElement root) =>
        root.Descendants(Html + "dt").ToDictionary(dt => dt.Value, dt => ((XElement)dt.NextNode!).Value);

    /// <summary>The body rows of a table (header row skipped), as cell texts.</summary>
    public static List<string[]> Table(XElement section, string cssClass) =>
        section.Descendants(Html + "table").Single(t => Class(t) == cssClass).Elements(Html + "tr")
            .Where(tr => !tr.Elements(Html + "th").Any() || tr.Elements(Html + "td").Any())
            .Select(tr => tr.Elements().Select(cell => cell.Value).ToArray())
            .ToList();
}
