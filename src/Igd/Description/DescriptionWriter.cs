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

    /// <summary>The root description; paths are absolute and there is no URLBase, so clients resolve against LOCATION.</summary>
    public static string RootDescription(DeviceNode root, RouterProfile profile, string presentationUrl)
    {
        return Write(writer =>
        {
            writer.WriteStartElement("root", DeviceNamespace);
            WriteSpecVersion(writer);
            WriteDevice(writer, root, profile, presentationUrl, isRoot: true);
            writer.WriteEndElement();
        });
    }

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

    private static void WriteDevice(XmlWriter writer, DeviceNode device, RouterProfile profile, string presentationUrl, bool isRoot)
    {
        writer.WriteStartElement("device");
        writer.WriteElementString("deviceType", device.DeviceType);
        writer.WriteElementString("friendlyName", isRoot ? profile.FriendlyName : FriendlyNameOf(device));
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
            writer.WriteElementString("SCPDURL", service.ScpdPath);
            writer.WriteElementString("controlURL", service.ControlPath);
            writer.WriteElementString("eventSubURL", service.EventPath);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        if (device.Devices.Count > 0)
        {
            writer.WriteStartElement("deviceList");
            foreach (var child in device.Devices)
            {
                WriteDevice(writer, child, profile, presentationUrl, isRoot: false);
            }

            writer.WriteEndElement();
        }

        if (isRoot)
        {
            writer.WriteElementString("presentationURL", presentationUrl);
        }

        writer.WriteEndElement();
    }

    private static string FriendlyNameOf(DeviceNode device)
    {
        var type = device.DeviceType[UpnpUrns.DevicePrefix.Length..];
        return type[..type.LastIndexOf(':')];
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
