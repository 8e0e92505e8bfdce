using System.Text;

namespace IgdLab.Device.Upnp.Description;

/// <summary>
/// An element of a description document, reduced to what the parser needs: its name without any prefix, its text and
/// its child elements. Names compare case-insensitively, so <c>ns0:SCPDURL</c> and <c>scpdURL</c> are the same.
/// </summary>
internal sealed class DescriptionElement
{
    private readonly List<DescriptionElement> _children = [];
    private StringBuilder? _text;

    /// <summary>Creates an element named <paramref name="name"/> (its prefix is dropped).</summary>
    public DescriptionElement(string name)
    {
        var colon = name.LastIndexOf(':');
        Name = colon >= 0 ? name[(colon + 1)..] : name;
    }

    /// <summary>The local name.</summary>
    public string Name { get; }

    /// <summary>The child elements in document order.</summary>
    public IReadOnlyList<DescriptionElement> Children => _children;

    /// <summary>The element's own text, trimmed.</summary>
    public string Text => _text?.ToString().Trim() ?? "";

    /// <summary>The first child named <paramref name="name"/>, or null.</summary>
    public DescriptionElement? Child(string name) =>
        _children.Find(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every child named <paramref name="name"/>.</summary>
    public IEnumerable<DescriptionElement> ChildrenNamed(string name) =>
        _children.Where(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The trimmed text of the first child named <paramref name="name"/>; null when missing or empty.</summary>
    public string? ChildText(string name) => Child(name)?.Text is { Length: > 0 } text ? text : null;

    /// <summary>Adds a child element.</summary>
    public void Add(DescriptionElement child) => _children.Add(child);

    /// <summary>Appends text content.</summary>
    public void AppendText(string text) => (_text ??= new StringBuilder()).Append(text);
}
