namespace IgdLab.Device.Upnp.Description;

/// <summary>The limits and defaults of description fetching and parsing in one place.</summary>
public static class DescriptionDefaults
{
    /// <summary>The largest document accepted: 256 KiB. A miniupnpd description is about 3 KiB.</summary>
    public const int MaxDocumentBytes = 256 * 1024;

    /// <summary>5 seconds for the whole GET, body included.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);
}
