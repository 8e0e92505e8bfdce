using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Upnp;

namespace IgdLab.Igd.Soap;

/// <summary>Typed access to a request's arguments; a missing or malformed argument is 402 Invalid Args.</summary>
internal readonly struct SoapArguments(IReadOnlyDictionary<string, string> values, int igdVersion, bool caseSensitiveProtocol)
{
    public string Text(string name) =>
        values.TryGetValue(name, out var value) ? value.Trim() : throw Invalid();

    public string OptionalText(string name) => values.TryGetValue(name, out var value) ? value.Trim() : "";

    public int Port(string name)
    {
        var text = Text(name);
        return ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : throw Invalid();
    }

    public uint UInt(string name)
    {
        var text = Text(name);
        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid();
    }

    public bool Bool(string name) => Text(name).ToUpperInvariant() switch
    {
        "1" or "TRUE" or "YES" => true,
        "0" or "FALSE" or "NO" => false,
        _ => throw Invalid(),
    };

    public MappingProtocol Protocol(string name) =>
        MappingProtocolText.TryParse(Text(name), caseSensitiveProtocol, out var protocol)
            ? protocol
            : throw new UpnpException(igdVersion >= 2 ? UpnpErrorCode.ArgumentValueOutOfRange : UpnpErrorCode.InvalidArgs);

    public IPAddress IPv4(string name) =>
        IPAddress.TryParse(Text(name), out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address
            : throw Invalid();

    private static UpnpException Invalid() => new(UpnpErrorCode.InvalidArgs);
}
