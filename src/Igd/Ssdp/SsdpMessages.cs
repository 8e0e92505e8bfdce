using System.Globalization;

namespace IgdLab.Igd.Ssdp;

/// <summary>The datagrams the responder sends, with headers in the order miniupnpd writes them.</summary>
internal static class SsdpMessages
{
    /// <summary>The NTS of an announcement that the device is (still) there.</summary>
    public const string Alive = "ssdp:alive";

    /// <summary>The NTS of an announcement that the device is leaving.</summary>
    public const string ByeBye = "ssdp:byebye";

    private const string BootIdHeader = "BOOTID.UPNP.ORG";
    private const string ConfigIdHeader = "CONFIGID.UPNP.ORG";

    private static readonly string CacheControl =
        string.Create(CultureInfo.InvariantCulture, $"max-age={SsdpConstants.MaxAgeSeconds}");

    /// <summary>The unicast reply to a search for <paramref name="advertisement"/>.</summary>
    public static byte[] SearchResponse(SsdpAdvertisement advertisement, SsdpDescription description)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        ArgumentNullException.ThrowIfNull(description);
        return SsdpMessageBuilder.Response()
            .Header("CACHE-CONTROL", CacheControl)
            .Header("EXT", "")
            .Header("LOCATION", description.Location.ToString())
            .Header("SERVER", description.ServerHeader)
            .Header("ST", advertisement.Target)
            .Header("USN", advertisement.UniqueServiceName)
            .Header(BootIdHeader, description.BootId)
            .Header(ConfigIdHeader, description.ConfigId)
            .ToBytes();
    }

    /// <summary>The <c>ssdp:alive</c> NOTIFY for <paramref name="advertisement"/>.</summary>
    public static byte[] AliveNotify(SsdpAdvertisement advertisement, SsdpDescription description)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        ArgumentNullException.ThrowIfNull(description);
        return SsdpMessageBuilder.Notify()
            .Header("HOST", SsdpConstants.MulticastHost)
            .Header("CACHE-CONTROL", CacheControl)
            .Header("LOCATION", description.Location.ToString())
            .Header("NT", advertisement.Target)
            .Header("NTS", Alive)
            .Header("SERVER", description.ServerHeader)
            .Header("USN", advertisement.UniqueServiceName)
            .Header(BootIdHeader, description.BootId)
            .Header(ConfigIdHeader, description.ConfigId)
            .ToBytes();
    }

    /// <summary>The <c>ssdp:byebye</c> NOTIFY for <paramref name="advertisement"/>; it carries no LOCATION.</summary>
    public static byte[] ByeByeNotify(SsdpAdvertisement advertisement, SsdpDescription description)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        ArgumentNullException.ThrowIfNull(description);
        return SsdpMessageBuilder.Notify()
            .Header("HOST", SsdpConstants.MulticastHost)
            .Header("NT", advertisement.Target)
            .Header("NTS", ByeBye)
            .Header("USN", advertisement.UniqueServiceName)
            .Header(BootIdHeader, description.BootId)
            .Header(ConfigIdHeader, description.ConfigId)
            .ToBytes();
    }

    /// <summary>An M-SEARCH as a control point sends it; <paramref name="mx"/> null leaves MX out.</summary>
    public static byte[] Search(string searchTarget, int? mx, string host = SsdpConstants.MulticastHost)
    {
        var builder = SsdpMessageBuilder.Search()
            .Header("HOST", host)
            .Header("MAN", "\"ssdp:discover\"");
        if (mx is { } seconds)
        {
            builder.Header("MX", seconds);
        }

        return builder.Header("ST", searchTarget).ToBytes();
    }
}
