using System.Net;
using System.Text;
using System.Xml;
using CsCheck;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Upnp;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Soap;

/// <summary>
/// Random and mutated bodies through what the router's control endpoint does with a POST: read the envelope, then run
/// the action. Whatever arrives, the answer is a result, a UPnP fault or a format error that says why; nothing else
/// is thrown, and what the client's writer wrote reads back.
/// </summary>
public sealed class SoapControlFuzzTests
{
    private const long Iterations = 30_000;
    private const int MaxBodyCharacters = 16 * 1024;

    private static readonly string ServiceType = UpnpUrns.Service(UpnpUrns.WanIpConnection, 2);
    private static readonly IPAddress Caller = IPAddress.Parse("127.0.0.5");

    private static readonly byte[][] ValidBodies =
    [
        Body(UpnpActions.AddPortMapping,
        [
            new(UpnpArguments.NewRemoteHost, ""), new(UpnpArguments.NewExternalPort, "20000"), new(UpnpArguments.NewProtocol, "TCP"),
            new(UpnpArguments.NewInternalPort, "20000"), new(UpnpArguments.NewInternalClient, "127.0.0.5"), new(UpnpArguments.NewEnabled, "1"),
            new(UpnpArguments.NewPortMappingDescription, "nas <&> \"web\""), new(UpnpArguments.NewLeaseDuration, "3600"),
        ]),
        Body(UpnpActions.GetExternalIPAddress, []),
        Body(UpnpActions.DeletePortMapping,
            [new(UpnpArguments.NewRemoteHost, ""), new(UpnpArguments.NewExternalPort, "20000"), new(UpnpArguments.NewProtocol, "UDP")]),
        Body(UpnpActions.GetGenericPortMappingEntry, [new(UpnpArguments.NewPortMappingIndex, "0")]),
        Body(UpnpActions.GetListOfPortMappings,
        [
            new(UpnpArguments.NewStartPort, "1"), new(UpnpArguments.NewEndPort, "65535"), new(UpnpArguments.NewProtocol, "TCP"),
            new(UpnpArguments.NewManage, "1"), new(UpnpArguments.NewNumberOfPorts, "10"),
        ]),
    ];

    // Entity and DTD tricks (billion laughs, external entities, XInclude), odd encodings, and markup in odd places.
    private static readonly byte[][] Tricks =
    [
        .. new[]
        {
            "<!DOCTYPE s:Envelope [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
            "<!DOCTYPE s:Envelope SYSTEM \"file:///etc/passwd\">",
            "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            "&c;", "&xxe;", "&#0;", "&#x110000;", "&#xD800;", "&amp;", "&#65;", "&nbsp;", "&",
            "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/>",
            "<![CDATA[<NewExternalPort>1</NewExternalPort>]]>", "<!-- -->", "<?pi x?>", "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<?xml version=\"1.0\" encoding=\"bogus\"?>", "<?xml version=\"1.1\"?>",
            "<s:Body>", "</s:Body>", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">", "xmlns=\"\"",
            "xmlns:u=\"\"", "<NewExternalPort>99999</NewExternalPort>", "<NewProtocol>tcp</NewProtocol>", "<x><y/></x>",
            string.Concat(Enumerable.Repeat("<a>", 300)), "\uFEFF",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF, 0xFE], [0xFE, 0xFF, 0x00, 0x3C], [0xEF, 0xBB, 0xBF], [0xC3, 0x28], [0x00],
    ];

    // Well-formed calls of every mapping action with odd argument values, some left out: these get past the envelope
    // parser, so they fuzz the argument checks and the mapping table behind it.
    private static readonly Gen<byte[]> OddCalls = Gen.Select(
            Gen.OneOf(
                UpnpActions.AddPortMapping, UpnpActions.AddAnyPortMapping, UpnpActions.DeletePortMapping, UpnpActions.DeletePortMappingRange,
                UpnpActions.GetSpecificPortMappingEntry, UpnpActions.GetGenericPortMappingEntry, UpnpActions.GetListOfPortMappings,
                UpnpActions.GetExternalIPAddress, UpnpActions.QueryStateVariable, "NoSuchAction"),
            Gen.Select(
                Gen.OneOf(
                    UpnpArguments.NewRemoteHost, UpnpArguments.NewExternalPort, UpnpArguments.NewProtocol, UpnpArguments.NewInternalPort,
                    UpnpArguments.NewInternalClient, UpnpArguments.NewEnabled, UpnpArguments.NewPortMappingDescription,
                    UpnpArguments.NewLeaseDuration, UpnpArguments.NewPortMappingIndex, UpnpArguments.NewStartPort, UpnpArguments.NewEndPort,
                    UpnpArguments.NewManage, UpnpArguments.NewNumberOfPorts, "varName"),
                Gen.OneOf(
                    Gen.OneOf(
                        "", "0", "1", "80", "65535", "65536", "-1", "4294967295", "4294967296", " 80 ", "0x50", "1e3", "٣", "TCP", "tcp", "UDP",
                        "ICMP", "127.0.0.5", "127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "999.1.1.1", "true", "yes", "ConnectionStatus"),
                    Gen.String[0, 40].Select(text => string.Concat(text.Where(XmlConvert.IsXmlChar))))).Array[0, 10])
        .Select((action, arguments) => Body(action, [.. arguments.Select(pair => KeyValuePair.Create(pair.Item1, pair.Item2))]));

    private static readonly Gen<byte[]> Bodies = Gen.Frequency(
        (1, Gen.Byte.Array[0, 1500]),
        (4, FuzzInputs.Mutated(ValidBodies, Tricks)),
        (4, OddCalls));

    private static readonly Gen<string?> SoapActions = Gen.Frequency(
        (3, Gen.Const((string?)null)),
        (1, Gen.OneOf(UpnpActions.AddPortMapping, UpnpActions.GetExternalIPAddress, UpnpActions.DeletePortMapping, "")
            .Select(action => (string?)$"\"{ServiceType}#{action}\"")),
        (1, Gen.String[0, 60].Select(text => (string?)text)));

    [Test]
    public void ControlEndpoint_AnyBody_AnswersWithAResultAFaultOrAReason()
    {
        using var state = new FuzzedGatewayState();
        var invoker = new SoapActionInvoker(state, state.Time);
        var service = ServiceCatalog.WanIpConnection;
        var (results, faults, refusals) = (0, 0, 0);
        Gen.Select(Bodies, SoapActions).Sample((body, soapAction) =>
        {
            SoapRequest request;
            try
            {
                request = SoapRequestReader.Read(body, soapAction, MaxBodyCharacters);
            }
            catch (SoapFormatException ex)
            {
                Interlocked.Increment(ref refusals);
                return ex.Message.Length > 0;
            }

            try
            {
                var result = invoker.Invoke(service, request, Caller);
                Interlocked.Increment(ref results);
                return result.All(pair => pair.Key.Length > 0 && pair.Value is not null);
            }
            catch (UpnpException ex)
            {
                Interlocked.Increment(ref faults);
                return ex.Code is >= 400 and < 1000 && ex.Description.Length > 0;
            }
        }, iter: Iterations, print: pair => $"body {FuzzInputs.Show(pair.Item1)}, SOAPACTION {pair.Item2 ?? "null"}");

        // The mutants reach every outcome, so the action code behind the envelope parser was fuzzed too.
        Assert.That(new[] { results, faults, refusals }, Is.All.GreaterThan(Iterations / 100), $"results {results}, faults {faults}, refusals {refusals}");
    }

    [Test]
    public void Read_WhatTheWriterWrote_ReadsBack()
    {
        var names = new[]
        {
            UpnpArguments.NewRemoteHost, UpnpArguments.NewExternalPort, UpnpArguments.NewProtocol, UpnpArguments.NewInternalClient,
            UpnpArguments.NewPortMappingDescription, UpnpArguments.NewLeaseDuration, UpnpArguments.NewEnabled,
        };
        var piece = Gen.OneOf(
            Gen.String["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"],
            Gen.OneOf("<", ">", "&", "\"", "'", " ", "\t", "\r", "\n", "\r\n", "é", "€", "😀", "]]>", "&amp;", "\u00A0"));
        var value = piece.Array[0, 6].Select(string.Concat);
        var arguments = Gen.Select(Gen.Int[0, names.Length], value.Array[names.Length])
            .Select((count, values) => names.Take(count).Zip(values, (name, text) => KeyValuePair.Create(name, text)).ToList());
        var actions = Gen.OneOf(UpnpActions.AddPortMapping, UpnpActions.DeletePortMapping, UpnpActions.GetSpecificPortMappingEntry);

        Gen.Select(actions, arguments).Sample((action, written) =>
        {
            var body = Encoding.UTF8.GetBytes(SoapRequestWriter.Write(ServiceType, action, written));
            var read = SoapRequestReader.Read(body, $"\"{ServiceType}#{action}\"", MaxBodyCharacters);

            // The reader skips whitespace-only text, so a value of blanks reads as empty; the router trims every value.
            return read.ServiceType == ServiceType
                && read.Action == action
                && read.Arguments.Count == written.Count
                && written.All(pair => read.Arguments[pair.Key].Trim() == pair.Value.Trim());
        }, iter: Iterations);
    }

    private static byte[] Body(string action, KeyValuePair<string, string>[] arguments) =>
        Encoding.UTF8.GetBytes(SoapRequestWriter.Write(ServiceType, action, arguments));

    /// <summary>A gateway that the actions can really change: an IGD:2 standard router with its own mapping table.</summary>
    private sealed class FuzzedGatewayState : IGatewayState, IDisposable
    {
        public FuzzedGatewayState()
        {
            Profile = RouterProfileCatalog.Standard with { IgdVersion = 2 };
            Table = new MappingTable(Profile, Time, seed: 1);
        }

        public FakeTimeProvider Time { get; } = new();

        public RouterProfile Profile { get; }

        public MappingTable Table { get; }

        public IPAddress WanAddress { get; } = IPAddress.Parse("127.0.0.3");

        public DateTimeOffset? WanChangedAt => null;

        public TimeSpan Uptime => TimeSpan.FromMinutes(5);

        public string ConnectionDeviceUdn => "uuid:5e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a52";

        public (long BytesSent, long BytesReceived, long PacketsSent, long PacketsReceived) Traffic => (1, 2, 3, 4);

        public void Dispose() => Table.Dispose();
    }
}
