using System.Text;

namespace IgdLab.Device.Tests.Upnp.Description;

/// <summary>Crafted root descriptions and the real router files of Data/RouterDescriptions.</summary>
internal static class DescriptionSamples
{
    public const string WanIp1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
    public const string WanIp2 = "urn:schemas-upnp-org:service:WANIPConnection:2";
    public const string WanPpp1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";
    public const string WanCommon1 = "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1";
    public const string Igd1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    public static readonly Uri Location = new("http://192.168.1.1:5000/rootDesc.xml");

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "RouterDescriptions");

    public static byte[] RouterFile(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public static string Service(string type, string control, string? scpd = "/scpd.xml", string? events = "/evt") =>
        $"<service><serviceType>{type}</serviceType><serviceId>urn:upnp-org:serviceId:X</serviceId>"
        + $"<controlURL>{control}</controlURL>"
        + (events is null ? "" : $"<eventSubURL>{events}</eventSubURL>")
        + (scpd is null ? "" : $"<SCPDURL>{scpd}</SCPDURL>")
        + "</service>";

    /// <summary>An IGD tree: root (type <paramref name="rootType"/>) → WANDevice (common services) → WANConnectionDevice (connection services).</summary>
    public static string IgdXml(
        string connectionServices,
        string? commonServices = null,
        string? urlBase = null,
        string rootType = Igd1,
        string friendlyName = "Test router")
    {
        commonServices ??= Service(WanCommon1, "/ctl/CmnIfCfg");
        return $"""
            <?xml version="1.0"?>
            <root xmlns="urn:schemas-upnp-org:device-1-0">
              <specVersion><major>1</major><minor>0</minor></specVersion>
              {(urlBase is null ? "" : $"<URLBase>{urlBase}</URLBase>")}
              <device>
                <deviceType>{rootType}</deviceType>
                <friendlyName>{friendlyName}</friendlyName>
                <manufacturer>IgdLab tests</manufacturer>
                <modelName>Crafted</modelName>
                <UDN>uuid:00000000-0000-0000-0000-000000000001</UDN>
                <deviceList>
                  <device>
                    <deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>
                    <UDN>uuid:00000000-0000-0000-0000-000000000002</UDN>
                    <serviceList>{commonServices}</serviceList>
                    <deviceList>
                      <device>
                        <deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>
                        <UDN>uuid:00000000-0000-0000-0000-000000000003</UDN>
                        <serviceList>{connectionServices}</serviceList>
                      </device>
                    </deviceList>
                  </device>
                </deviceList>
              </device>
            </root>
            """;
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
