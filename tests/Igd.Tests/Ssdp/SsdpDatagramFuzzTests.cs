using System.Net;
using System.Text;
using CsCheck;
using IgdLab.Igd.Ssdp;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>
/// Random and mutated datagrams through the shared SSDP parser (as the router reads it, ASCII only, and as a client
/// reads it, leniently) and through the responder's handling of a unicast search. Whatever arrives, parsing never
/// throws and a refusal has a reason; the responder answers only searches, and only with well-formed replies.
/// </summary>
public sealed class SsdpDatagramFuzzTests
{
    private const long Iterations = 20_000;
    private const string Igd1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";

    private static readonly IPEndPoint ControlPoint = new(IPAddress.Parse("127.0.0.1"), 50000);

    private static readonly byte[][] ValidDatagrams =
    [
        SsdpSearch.Build(Igd1, mx: 2),
        SsdpSearch.Build(UpnpUrns.All, mx: 1),
        SsdpSearch.Build(UpnpUrns.RootDevice, mx: null, host: "127.0.0.1:1900"),
        SsdpSearch.Build(UpnpUrns.Service(UpnpUrns.WanIpConnection, 2), mx: 5),
        SsdpSearch.Build($"uuid:{TestDescriptionSource.RootUuid}", mx: 3),
        SsdpMessages.SearchResponse(new SsdpAdvertisement(Igd1, $"uuid:{TestDescriptionSource.RootUuid}::{Igd1}"), TestDescriptionSource.Create()),
        SsdpMessages.AliveNotify(new SsdpAdvertisement(UpnpUrns.RootDevice, $"uuid:{TestDescriptionSource.RootUuid}::upnp:rootdevice"), TestDescriptionSource.Create()),
        "m-search * http/1.1\nst: ssdp:all\nmx: 1\n"u8.ToArray(),
    ];

    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "\r\n", "\n", "\r\n\r\n", ":", " ", "\t", "ST:", "ST: ssdp:all\r\n", "ST: \r\n", "MX: 99999999999\r\n", "MX: -1\r\n",
            "MAN: \"ssdp:discover\"\r\n", "HTTP/1.1", "HTTP/1.1 200 OK\r\n", "M-SEARCH * HTTP/1.1\r\n", "NOTIFY * HTTP/1.1\r\n",
            "urn:schemas-upnp-org:device:InternetGatewayDevice:", "urn:", "uuid:", ":0", ":2147483648", " folded\r\n",
            "X-" + new string('a', 2000) + ": b\r\n",
        }.Select(Encoding.ASCII.GetBytes),
        [0x00], [0xFF], [0xC3, 0xA9], [0xE2, 0x82],
    ];

    private static readonly Gen<byte[]> Datagrams = Gen.Frequency(
        (1, Gen.Byte.Array[0, 600]),
        (1, Gen.Char['\x20', '\x7E'].Array[0, 400].Select(chars => Encoding.ASCII.GetBytes(chars))),
        (6, FuzzInputs.Mutated(ValidDatagrams, Fragments)));

    [Test]
    public void TryParse_AnyDatagram_IsAMessageOrARefusalWithAReason()
    {
        Datagrams.Sample(datagram =>
        {
            var strict = Judge(datagram, asciiOnly: true, out var strictMessage);
            var lenient = Judge(datagram, asciiOnly: false, out var lenientMessage);

            // Bytes the ASCII check lets through decode the same either way, so the lenient reading agrees.
            return strict && lenient
                && (strictMessage is null || (lenientMessage is not null && lenientMessage.Kind == strictMessage.Kind
                    && lenientMessage.Headers.Count == strictMessage.Headers.Count
                    && strictMessage.Headers.All(header => lenientMessage.Header(header.Key) == header.Value)));
        }, iter: Iterations, print: FuzzInputs.Show);
    }

    [Test]
    public void TryParse_WhatTheBuilderWrote_ReadsBack()
    {
        var name = Gen.OneOf(Gen.Char['A', 'Z'], Gen.Char['a', 'z'], Gen.Char['0', '9'], Gen.OneOf('.', '-', '_'))
            .Array[1, 20].Select(chars => new string(chars));
        var value = Gen.Char['\x20', '\x7E'].Array[0, 60].Select(chars => new string(chars));
        // At most 63 headers of at most 84 bytes: with a search's ST, within both the header and the size limit.
        var headers = Gen.Select(name, value).Array[0, SsdpConstants.MaxHeaderCount - 1];
        var builders = Gen.OneOf<Func<SsdpMessageBuilder>>(
            () => SsdpMessageBuilder.Response(),
            SsdpMessageBuilder.Notify,
            () => SsdpMessageBuilder.Search().Header("ST", "ssdp:all"));

        Gen.Select(builders, headers).Sample((start, written) =>
        {
            var builder = start();
            var expected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ST"] = "ssdp:all" };
            foreach (var (headerName, headerValue) in written)
            {
                builder.Header(headerName, headerValue);
                expected.TryAdd(headerName, headerValue.Trim());
            }

            // The first of two same-named headers wins; a search's own ST comes first.
            return SsdpMessage.TryParse(builder.ToBytes(), out var message)
                && expected.All(header => message.Header(header.Key) == header.Value
                    || (string.Equals(header.Key, "ST", StringComparison.OrdinalIgnoreCase) && message.Kind != SsdpMessageKind.Search));
        }, iter: Iterations);
    }

    [Test]
    public async Task HandleDatagramAsync_AnyUnicastDatagram_AnswersOnlySearchesWithWellFormedReplies()
    {
        var source = new TestDescriptionSource(2);
        var sockets = new FakeSsdpSocketFactory();
        await using var responder = new SsdpResponder(source, new FakeTimeProvider(), NullLogger.Instance, seed: 7, sockets);
        await responder.StartAsync(IPAddress.Parse("127.0.0.1"), 0, multicast: false, CancellationToken.None);
        var location = source.Current.Location.ToString();

        // One responder and one socket: the datagrams go one at a time.
        Datagrams.Sample(datagram =>
        {
            responder.HandleDatagramAsync(datagram, ControlPoint, toMulticastGroup: false, CancellationToken.None).GetAwaiter().GetResult();
            var sent = sockets.Socket!.TakeSent();
            var isSearch = SsdpMessage.TryParse(datagram, out var message) && message.Kind == SsdpMessageKind.Search;
            return (isSearch || sent.Count == 0)
                && sent.All(reply => reply.Destination.Equals(ControlPoint)
                    && SsdpMessage.TryParse(reply.Bytes, out var answer)
                    && answer.Kind == SsdpMessageKind.Response
                    && answer.Header("LOCATION") == location
                    && !string.IsNullOrEmpty(answer.SearchTarget)
                    && !string.IsNullOrEmpty(answer.Header("USN")));
        }, iter: Iterations, threads: 1, print: FuzzInputs.Show);
    }

    private static bool Judge(byte[] datagram, bool asciiOnly, out SsdpMessage? parsed)
    {
        if (!SsdpMessage.TryParse(datagram, asciiOnly, out var message, out var error))
        {
            parsed = null;
            return error != SsdpParseError.None && Enum.IsDefined(error);
        }

        parsed = message;
        return error == SsdpParseError.None
            && Enum.IsDefined(message.Kind)
            && message.Headers.Count <= SsdpConstants.MaxHeaderCount
            && message.Headers.All(header => header.Key.Length > 0 && !header.Key.Contains(':', StringComparison.Ordinal)
                && header.Key == header.Key.Trim() && header.Value == header.Value.Trim())
            && (message.Kind != SsdpMessageKind.Search || !string.IsNullOrEmpty(message.SearchTarget));
    }
}
