using System.Globalization;
using System.Xml;

namespace IgdLab.Device.Upnp.Description;

/// <summary>
/// Parses an Internet Gateway Device's root description as real routers write it: bad bytes are decoded leniently,
/// prefixes and namespaces are ignored, element names compare case-insensitively, and every device of the tree is
/// walked. Relative URLs resolve against URLBase when it is usable, else against the LOCATION; absolute ones are kept,
/// whatever host and port they name.
/// </summary>
public static class IgdDescriptionParser
{
    /// <summary>The largest document parsed: <see cref="DescriptionDefaults.MaxDocumentBytes"/> (256 KiB).</summary>
    public const int MaxDocumentBytes = DescriptionDefaults.MaxDocumentBytes;

    /// <summary>Devices nested deeper than this are skipped (an IGD uses three levels).</summary>
    private const int MaxDeviceDepth = 16;

    /// <summary>Parses <paramref name="document"/>, fetched from <paramref name="location"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="location"/> is not an absolute http(s) URL.</exception>
    /// <exception cref="UpnpDescriptionException">
    /// The document is too large, not XML, carries a DTD, has no device, or offers no WAN connection service.
    /// </exception>
    public static IgdDescription Parse(ReadOnlySpan<byte> document, Uri location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!IsHttp(location))
        {
            throw new ArgumentException($"the description URL {location} is not an absolute http URL", nameof(location));
        }

        if (document.Length > MaxDocumentBytes)
        {
            throw Fail(DescriptionFailure.TooLarge, location, $"is {document.Length} bytes, more than the {MaxDocumentBytes} accepted");
        }

        var text = DescriptionText.Decode(document);
        if (DescriptionText.HasDoctype(text))
        {
            throw Fail(DescriptionFailure.DtdProhibited, location, "declares a DTD, which device descriptions must not");
        }

        DescriptionElement root;
        try
        {
            root = DescriptionDocument.Load(text);
        }
        catch (XmlException e)
        {
            throw Fail(DescriptionFailure.NotXml, location, $"is not XML: {e.Message}", e);
        }

        return Read(root, location);
    }

    private static IgdDescription Read(DescriptionElement root, Uri location)
    {
        var warnings = new List<string>();
        var urlBase = ReadUrlBase(root, warnings);
        var rootDevice = root.Name.Equals("device", StringComparison.OrdinalIgnoreCase) ? root : root.Child("device");
        if (rootDevice is null)
        {
            throw Fail(DescriptionFailure.NoDevice, location, $"has no <device> element under <{root.Name}>");
        }

        var services = new List<IgdServiceInfo>();
        var baseUrl = urlBase ?? location;
        WalkDevice(rootDevice, baseUrl, depth: 0, services, warnings);

        var connections = services
            .Select((service, index) => (Service: service, Rank: WanServiceRanking.ConnectionRank(service.ServiceType), Index: index))
            .Where(s => s.Rank != WanServiceRanking.Unranked)
            .OrderBy(s => s.Rank)
            .ThenBy(s => s.Index)
            .Select(s => s.Service)
            .ToList();
        if (connections.Count == 0)
        {
            var found = services.Count == 0 ? "no usable service" : "only " + string.Join(", ", services.Select(s => s.ServiceType).Distinct(StringComparer.Ordinal));
            var skipped = warnings.Count == 0 ? "" : "; skipped: " + string.Join("; ", warnings);
            throw Fail(
                DescriptionFailure.NoConnectionService,
                location,
                $"offers no WANIPConnection or WANPPPConnection service, so it is not an IGD ({found}{skipped})");
        }

        return new IgdDescription
        {
            DescriptionUrl = location,
            UrlBase = urlBase,
            FriendlyName = rootDevice.ChildText("friendlyName"),
            Manufacturer = rootDevice.ChildText("manufacturer"),
            ModelName = rootDevice.ChildText("modelName"),
            Udn = Compact(rootDevice.ChildText("UDN")),
            DeviceType = rootDevice.ChildText("deviceType"),
            Services = services,
            CommonInterfaceConfig = services
                .Where(s => s.Kind == IgdServiceKind.WanCommonInterfaceConfig)
                .OrderBy(s => WanServiceRanking.Classify(s.ServiceType).IsUpnpDomain ? 0 : 1)
                .FirstOrDefault(),
            ConnectionServices = connections,
            Warnings = warnings,
        };
    }

    private static Uri? ReadUrlBase(DescriptionElement root, List<string> warnings)
    {
        if (Compact(root.ChildText("URLBase")) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var urlBase) && IsHttp(urlBase))
        {
            return urlBase;
        }

        warnings.Add($"URLBase '{text}' is not an absolute http URL; resolving against LOCATION instead");
        return null;
    }

    private static void WalkDevice(
        DescriptionElement device, Uri baseUrl, int depth, List<IgdServiceInfo> services, List<string> warnings)
    {
        var deviceType = device.ChildText("deviceType");
        var udn = Compact(device.ChildText("UDN"));
        foreach (var service in ListItems(device, "serviceList", "service"))
        {
            if (ReadService(service, baseUrl, deviceType, udn, warnings) is { } info)
            {
                services.Add(info);
            }
        }

        foreach (var child in ListItems(device, "deviceList", "device"))
        {
            if (depth + 1 >= MaxDeviceDepth)
            {
                warnings.Add($"devices nested deeper than {MaxDeviceDepth} levels were skipped");
                return;
            }

            WalkDevice(child, baseUrl, depth + 1, services, warnings);
        }
    }

    // Items belong in their list element; a few devices put them straight under the device.
    private static IEnumerable<DescriptionElement> ListItems(DescriptionElement device, string listName, string itemName) =>
        device.ChildrenNamed(listName).SelectMany(list => list.ChildrenNamed(itemName)).Concat(device.ChildrenNamed(itemName));

    private static IgdServiceInfo? ReadService(
        DescriptionElement service, Uri baseUrl, string? deviceType, string? udn, List<string> warnings)
    {
        if (service.ChildText("serviceType") is not { } serviceType)
        {
            warnings.Add($"a service of {deviceType ?? "a device"} has no serviceType and was skipped");
            return null;
        }

        var control = service.ChildText("controlURL");
        if (Resolve(baseUrl, control) is not { } controlUrl)
        {
            warnings.Add($"{serviceType} was skipped: its controlURL '{control}' is not a usable URL");
            return null;
        }

        var (kind, version, _) = WanServiceRanking.Classify(serviceType);
        return new IgdServiceInfo
        {
            ServiceType = serviceType,
            ServiceId = service.ChildText("serviceId"),
            Kind = kind,
            Version = version,
            ControlUrl = controlUrl,
            EventSubUrl = ResolveOptional(baseUrl, service.ChildText("eventSubURL"), serviceType, "eventSubURL", warnings),
            ScpdUrl = ResolveOptional(baseUrl, service.ChildText("SCPDURL"), serviceType, "SCPDURL", warnings),
            DeviceType = deviceType,
            DeviceUdn = udn,
        };
    }

    private static Uri? ResolveOptional(Uri baseUrl, string? value, string serviceType, string what, List<string> warnings)
    {
        if (value is null)
        {
            return null;
        }

        var resolved = Resolve(baseUrl, value);
        if (resolved is null)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{serviceType}: {what} '{value}' is not a usable URL"));
        }

        return resolved;
    }

    // RFC 3986 resolution; an absolute URL stays as it is. Whitespace cannot be part of a URL, so line breaks and
    // indentation inside the element are dropped. Only http(s) results are usable.
    private static Uri? Resolve(Uri baseUrl, string? value) =>
        Compact(value) is { } url && Uri.TryCreate(baseUrl, url, out var resolved) && IsHttp(resolved) ? resolved : null;

    private static string? Compact(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
        return compact.Length == 0 ? null : compact;
    }

    private static bool IsHttp(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0;

    private static UpnpDescriptionException Fail(DescriptionFailure reason, Uri location, string what, Exception? inner = null) =>
        new(reason, $"the description at {location} {what}", inner) { Location = location };
}
