using System.Globalization;

namespace IgdLab.Igd.Ssdp;

/// <summary>The datagrams the responder sends, with headers in the order miniupnpd writes them.</summary>
internal static class SsdpMessages
{
    private static readonly string CacheControl =
        string.Create(CultureInfo.InvariantCulture, $"max-age={SsdpResponderLimits.MaxAgeSeconds}");

    /// <summary>
    /// The unicast reply to a search for <paramref name="advertisement"/>, with the header oddities the profile asks
    /// for; <paramref name="location"/> overrides the description's LOCATION (a dual-IGD router's twin).
    /// </summary>
    public static byte[] SearchResponse(SsdpAdvertisement advertisement, SsdpDescription description, Uri? location = null)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        ArgumentNullException.ThrowIfNull(description);
        var odd = description.Policy.OddHeaders;
        var usn = odd.NonUuidUsn && advertisement.UniqueServiceName.StartsWith("uuid:", StringComparison.Ordinal)
            ? advertisement.UniqueServiceName["uuid:".Length..]
            : advertisement.UniqueServiceName;
        return (odd.StatusLineTrailingSpace ? SsdpMessageBuilder.Response("HTTP/1.1 200 OK ") : SsdpMessageBuilder.Response())
            .Header("CACHE-CONTROL", CacheControl)
            .Header("EXT", "")
            .Header("LOCATION", (location ?? description.Location).ToString())
            .Header("SERVER", odd.EmptyServer ? "" : description.ServerHeader)
            .Header("ST", advertisement.Target)
            .Header("USN", usn)
            .Header(SsdpConstants.BootIdHeader, description.BootId)
            .Header(SsdpConstants.ConfigIdHeader, description.ConfigId)
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
            .Header("NTS", SsdpConstants.Alive)
            .Header("SERVER", description.ServerHeader)
            .Header("USN", advertisement.UniqueServiceName)
            .Header(SsdpConstants.BootIdHeader, description.BootId)
            .Header(SsdpConstants.ConfigIdHeader, description.ConfigId)
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
            .Header("NTS", SsdpConstants.ByeBye)
            .Header("USN", advertisement.UniqueServiceName)
            .Header(SsdpConstants.BootIdHeader, description.BootId)
            .Header(SsdpConstants.ConfigIdHeader, description.ConfigId)
            .ToBytes();
    }
}
