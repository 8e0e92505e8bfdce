using System.Globalization;
using System.Net;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>The out arguments of a SOAP response by local name (any case), with typed readers that report bad values clearly.</summary>
internal sealed class SoapOutArguments
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly SoapCall _call;

    public SoapOutArguments(IReadOnlyDictionary<string, string> values, SoapCall call)
    {
        _values = values;
        _call = call;
    }

    /// <summary>How many out arguments the response held.</summary>
    public int Count => _values.Count;

    /// <summary>A response with no out arguments, for an action known to have happened.</summary>
    public static SoapOutArguments Empty(SoapCall call) => new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), call);

    /// <summary>The value of <paramref name="name"/>; a missing argument fails the call.</summary>
    public string Text(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw Malformed($"the response lacks {name}");

    /// <summary>The value of <paramref name="name"/>, or <paramref name="fallback"/> when the router left it out.</summary>
    public string OptionalText(string name, string fallback = "") => _values.TryGetValue(name, out var value) ? value : fallback;

    /// <summary>A port (0–65535); an empty value reads as 0 (placeholder entries on some routers).</summary>
    public int Port(string name)
    {
        var text = Text(name).Trim();
        return text.Length == 0 ? 0
            : ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port
            : throw Malformed($"{name} '{Clip(text)}' is not a port number");
    }

    /// <summary>An unsigned number (ui4); an empty value reads as 0.</summary>
    public uint UInt(string name, uint fallback = 0)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return fallback;
        }

        var text = raw.Trim();
        return text.Length == 0 ? 0
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw Malformed($"{name} '{Clip(text)}' is not an unsigned number");
    }

    /// <summary>A counter; routers differ on ui4 versus 64-bit, so both are read.</summary>
    public ulong Counter(string name)
    {
        var text = Text(name).Trim();
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed($"{name} '{Clip(text)}' is not an unsigned number");
    }

    /// <summary>A UPnP boolean: 1/0, true/false, yes/no in any case; a missing value reads as <paramref name="fallback"/>.</summary>
    public bool Bool(string name, bool? fallback = null)
    {
        if (!_values.TryGetValue(name, out var raw))
        {
            return fallback ?? throw Malformed($"the response lacks {name}");
        }

        return raw.Trim().ToUpperInvariant() switch
        {
            "1" or "TRUE" or "YES" => true,
            "0" or "FALSE" or "NO" => false,
            _ => throw Malformed($"{name} '{Clip(raw)}' is not a boolean"),
        };
    }

    /// <summary>TCP or UDP, in any case.</summary>
    public MappingProtocol Protocol(string name)
    {
        var text = Text(name);
        return MappingProtocolText.TryParse(text.Trim(), caseSensitive: false, out var protocol)
            ? protocol
            : throw Malformed($"{name} '{Clip(text)}' is neither TCP nor UDP");
    }

    /// <summary>An IP address; empty reads as null (a router that does not know it).</summary>
    public IPAddress? Address(string name)
    {
        var text = Text(name).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        // IPAddress.TryParse accepts "1" as 0.0.0.1; a router's address always has dots or colons.
        return text.AsSpan().IndexOfAny('.', ':') >= 0 && IPAddress.TryParse(text, out var address)
            ? address
            : throw Malformed($"{name} '{Clip(text)}' is not an IP address");
    }

    /// <summary>A failure naming the action and URL of this call.</summary>
    public UpnpTransportException Malformed(string detail) =>
        new(UpnpTransportFailure.MalformedResponse, _call.Action, _call.ControlUrl, detail);

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
