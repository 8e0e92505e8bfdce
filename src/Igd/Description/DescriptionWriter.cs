using System.Text;
using System.Xml;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;

namespace IgdLab.Igd.Description;

/// <summary>Writes the root device description and the SCPD documents of the virtual IGD.</summary>
internal static class DescriptionWriter
{
    private const string DeviceNamespace = UpnpUrns.DeviceDescriptionNamespace;
    private const string ServiceNamespace = UpnpUrns.ServiceDescriptionNamespace;

    // Stands for the byte that is not UTF-8 until the text is encoded (a private-use character XmlWriter accepts).
    private const char InvalidByteMarker = '\uE000';

    /// <summary>
    /// The root description. By default paths are absolute and there is no URLBase, so clients resolve against
    /// LOCATION; <paramref name="urls"/> carries the URLBase and absolute service base of the foreign-URL quirks.
    /// </summary>
    public static string RootDescription(DeviceNode root, RouterProfile profile, DescriptionUrls urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return Write(writer =>
        {
            writer.WriteStartElement("root", DeviceNamespace);
            WriteSpecVersion(writer);
            if (urls.UrlBase is { } urlBase)
            {
                writer.WriteElementString("URLBase", urlBase);
            }

            WriteDevice(writer, root, profile, urls, isRoot: true);
            writer.WriteEndElement();
        });
    }

    /// <summary>
    /// The root description as the bytes sent: UTF-8, except that a profile with <c>invalidUtf8</c> gets a Latin-1
    /// byte in its friendly name, as the ARRIS TG2492LG sends.
    /// </summary>
    public static byte[] RootDescriptionBytes(DeviceNode root, RouterProfile profile, DescriptionUrls urls)
    {
        var bytes = Encoding.UTF8.GetBytes(RootDescription(root, profile, urls));
        if (!profile.Description.InvalidUtf8)
        {
            return bytes;
        }

        Span<byte> marker = stackalloc byte[4];
        var markerLength = Encoding.UTF8.GetBytes([InvalidByteMarker], marker);
        var at = bytes.AsSpan().IndexOf(marker[..markerLength]);
        if (at < 0)
        {
            return bytes;
        }

        // 0xE9 is "é" in Latin-1 and starts a three-byte sequence in UTF-8 that the next bytes do not continue.
        return [.. bytes.AsSpan(0, at), 0xE9, .. bytes.AsSpan(at + markerLength)];
    }

    /// <summary>
    /// The description of the non-IGD device (a media server) that a router answering <c>ssdp:all</c> with it
    /// advertises (Sagemcom FAST3890V3); its UDN derives from the IGD's <paramref name="igdUdn"/>.
    /// </summary>
    public static string NonIgdDescription(string igdUdn) => Write(writer =>
    {
        writer.WriteStartElement("root", DeviceNamespace);
        WriteSpecVersion(writer);
        writer.WriteStartElement("device");
        writer.WriteElementString("deviceType", NonIgdDeviceType);
        writer.WriteElementString("friendlyName", "Media server");
        writer.WriteElementString("manufacturer", "IgdLab");
        writer.WriteElementString("modelName", "Virtual media server");
        writer.WriteElementString("UDN", NonIgdUdn(igdUdn));
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    /// <summary>The device type of the non-IGD device.</summary>
    public const string NonIgdDeviceType = "urn:schemas-upnp-org:device:MediaServer:1";

    /// <summary>The UDN of the non-IGD device next to the IGD <paramref name="igdUdn"/>.</summary>
    public static string NonIgdUdn(string igdUdn) => igdUdn[..^2] + "ff";

    /// <summary>The SCPD of <paramref name="service"/> as a device of <paramref name="version"/> serves it.</summary>
    public static string Scpd(ServiceDefinition service, int version)
    {
        return Write(writer =>
        {
            writer.WriteStartElement("scpd", ServiceNamespace);
            WriteSpecVersion(writer);
            writer.WriteStartElement("actionList");
            foreach (var action in service.ActionsFor(version))
            {
                writer.WriteStartElement("action");
                writer.WriteElementString("name", action.Name);
                if (action.In.Count + action.Out.Count > 0)
                {
                    writer.WriteStartElement("argumentList");
                    WriteArguments(writer, action.In, "in");
                    WriteArguments(writer, action.Out, "out");
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteStartElement("serviceStateTable");
            foreach (var variable in service.StateVariablesFor(version))
            {
                writer.WriteStartElement("stateVariable");
                writer.WriteAttributeString("sendEvents", variable.Evented ? "yes" : "no");
                writer.WriteElementString("name", variable.Name);
                writer.WriteElementString("dataType", variable.DataType);
                if (variable.AllowedValues is { } allowed)
                {
                    writer.WriteStartElement("allowedValueList");
                    foreach (var value in allowed)
                    {
                        writer.WriteElementString("allowedValue", value);
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    private static void WriteDevice(XmlWriter writer, DeviceNode device, RouterProfile profile, DescriptionUrls urls, bool isRoot)
    {
        writer.WriteStartElement("device");
        writer.WriteElementString("deviceType", device.DeviceType);
        var friendlyName = isRoot ? profile.FriendlyName : FriendlyNameOf(device);
        writer.WriteElementString("friendlyName", isRoot && profile.Description.InvalidUtf8 ? $"{friendlyName} R{InvalidByteMarker}seau" : friendlyName);
        writer.WriteElementString("manufacturer", profile.Manufacturer);
        writer.WriteElementString("manufacturerURL", "https://igdlab.invalid/");
        writer.WriteElementString("modelDescription", profile.Summary);
        writer.WriteElementString("modelName", profile.ModelName);
        writer.WriteElementString("modelNumber", profile.IgdVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteElementString("serialNumber", "00000000");
        writer.WriteElementString("UDN", device.Udn);
        writer.WriteStartElement("serviceList");
        foreach (var service in device.Services)
        {
            writer.WriteStartElement("service");
            writer.WriteElementString("serviceType", service.ServiceType);
            writer.WriteElementString("serviceId", service.ServiceId);
            writer.WriteElementString("SCPDURL", urls.ServiceBase + service.ScpdPath);
            writer.WriteElementString("controlURL", urls.ServiceBase + service.ControlPath);
            writer.WriteElementString("eventSubURL", urls.ServiceBase + service.EventPath);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        if (device.Devices.Count > 0)
        {
            writer.WriteStartElement("deviceList");
            foreach (var child in device.Devices)
            {
                WriteDevice(writer, child, profile, urls, isRoot: false);
            }

            writer.WriteEndElement();
        }

        if (isRoot)
        {
            writer.WriteElementString("presentationURL", urls.PresentationUrl);
        }

        writer.WriteEndElement();
    }

    // urn:DOMAIN:device:NAME:VERSION -> NAME
    private static string FriendlyNameOf(DeviceNode device)
    {
        var parts = device.DeviceType.Split(':');
        return parts.Length >= 2 ? parts[^2] : device.DeviceType;
    }

    private static void WriteArguments(XmlWriter writer, IEnumerable<ArgumentDefinition> arguments, string direction)
    {
        foreach (var argument in arguments)
        {
            writer.WriteStartElement("argument");
            writer.WriteElementString("name", argument.Name);
            writer.WriteElementString("direction", direction);
            writer.WriteElementString("relatedStateVariable", argument.RelatedStateVariable);
            writer.WriteEndElement();
        }
    }

    private static void WriteSpecVersion(XmlWriter writer)
    {
        writer.WriteStartElement("specVersion");
        writer.WriteElementString("major", "1");
        writer.WriteElementString("minor", "1");
        writer.WriteEndElement();
    }

    private static string Write(Action<XmlWriter> body)
    {
        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = false, Indent = false, Encoding = new UTF8Encoding(false) };
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), settings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        return builder.ToString();
    }

    /// <summary>A StringWriter that declares UTF-8, so the XML declaration says encoding="utf-8".</summary>
    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
