namespace IgdLab.Igd.Description;

/// <summary>The URLs a root description names besides its paths.</summary>
/// <param name="PresentationUrl">The presentationURL: the router's base URL.</param>
/// <param name="UrlBase">A URLBase element, or null for none (miniupnpd writes none).</param>
/// <param name="ServiceBase">Prefixed to every SCPD, control and event path (absolute URLs), or empty for plain paths.</param>
internal sealed record DescriptionUrls(string PresentationUrl, string? UrlBase = null, string ServiceBase = "");
