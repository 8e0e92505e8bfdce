using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>
/// Unicast M-SEARCHes (IGD:2, IGD:1, ssdp:all, each from its own socket so that replies can be told apart) to the
/// router's SSDP endpoint, read as raw datagrams so that header oddities stay visible.
/// </summary>
internal sealed class SsdpProbe(IPAddress? local, IPEndPoint target, TimeSpan window, bool multicast, TimeProvider time, FingerprintFindings findings)
{
    private const int Mx = 3;
    private static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(4);

    // A slow router (D-Link DSL-2730E) answers after 5-10 s; a search that got nothing in the window waits this long.
    private static readonly TimeSpan SlowWindow = TimeSpan.FromSeconds(11);
    private static readonly IPEndPoint Group = new(IPAddress.Parse("239.255.255.250"), 1900);

    /// <summary>Searches, collects the replies and records the discovery keys; <paramref name="location"/> is the description URL in use.</summary>
    public async Task RunAsync(Uri location, CancellationToken cancellationToken)
    {
        var searches = new[] { UpnpUrns.InternetGatewayDevice2, UpnpUrns.InternetGatewayDevice1, "ssdp:all" };
        var results = await Task.WhenAll(searches.Select(st => SearchAsync(st, window, cancellationToken)));
        if (results.All(r => r.Count == 0) && window < SlowWindow)
        {
            // Nothing in the window: search again and wait as long as a slow router (5-10 s) takes.
            results = await Task.WhenAll(searches.Select(st => SearchAsync(st, SlowWindow, cancellationToken)));
        }

        // With --multicast other devices answer too; only the router's own replies say anything about it.
        var igd2 = results[0].Where(r => FromRouter(r, location)).ToList();
        var igd1 = results[1].Where(r => FromRouter(r, location)).ToList();
        var all = results[2].Where(r => FromRouter(r, location)).ToList();
        var igdReplies = igd2.Concat(igd1).ToList();
        findings.Probed(string.Create(CultureInfo.InvariantCulture, $"M-SEARCH to {target}: IGD:2 {igd2.Count} replies, IGD:1 {igd1.Count}, ssdp:all {all.Count}"));
        if (igdReplies.Count == 0 && all.Count == 0)
        {
            var why = string.Create(CultureInfo.InvariantCulture, $"no answer to a unicast search within {Math.Max(window.TotalSeconds, SlowWindow.TotalSeconds):0.#} s");
            // Multicast-only (Eero) and notify-only (D-Link) routers look the same from here.
            findings.Guessed(
                FingerprintKeys.UnicastSearch,
                p => p with { Discovery = p.Discovery with { UnicastSearch = false } },
                $"{why}: multicast-only (unicastSearch false) or replyDelay notify-only");
            foreach (var key in new[] { FingerprintKeys.ReplyDelay, FingerprintKeys.WrongSourcePort, FingerprintKeys.ReplySourceAddress, FingerprintKeys.DualIgd, FingerprintKeys.OldStEcho, FingerprintKeys.SsdpAll, FingerprintKeys.OddHeaders })
            {
                findings.NotFound(key, why);
            }

            return;
        }

        findings.Found(FingerprintKeys.UnicastSearch, p => p with { Discovery = p.Discovery with { UnicastSearch = true } });
        var replies = igdReplies.Concat(all).ToList();
        var first = replies.Min(r => r.Elapsed);
        if (first >= SlowAfter)
        {
            findings.Found(FingerprintKeys.ReplyDelay, p => p with { Discovery = p.Discovery with { ReplyDelay = SsdpReplyTiming.Slow } });
        }
        else
        {
            findings.NotFound(
                FingerprintKeys.ReplyDelay,
                string.Create(CultureInfo.InvariantCulture, $"first reply after {first.TotalMilliseconds:0} ms; a unicast search is answered at once under immediate and random-within-mx alike"));
        }

        var wrongPort = replies.Any(r => r.From.Port != target.Port);
        findings.Found(FingerprintKeys.WrongSourcePort, p => p with { Discovery = p.Discovery with { WrongSourcePort = wrongPort } });
        var elsewhere = replies.Where(r => r.Location is { } l && IPAddress.TryParse(l.Host, out var host) && !host.Equals(r.From.Address)).Select(r => r.From.Address.ToString()).FirstOrDefault();
        findings.Found(FingerprintKeys.ReplySourceAddress, p => p with { Discovery = p.Discovery with { ReplySourceAddress = elsewhere } });

        var locations2 = igd2.Where(r => SameType(r.SearchTarget, UpnpUrns.InternetGatewayDevice2)).Select(r => r.Location).ToHashSet();
        var locations1 = igd1.Where(r => SameType(r.SearchTarget, UpnpUrns.InternetGatewayDevice1)).Select(r => r.Location).ToHashSet();
        var dual = locations1.Count > 0 && locations2.Count > 0 && !locations1.SetEquals(locations2);
        findings.Found(FingerprintKeys.DualIgd, p => p with { Discovery = p.Discovery with { DualIgd = dual } });
        var echo = igd2.Any(r => r.Location == location && !SameType(r.SearchTarget, UpnpUrns.InternetGatewayDevice2))
            || igd1.Any(r => r.Location == location && !SameType(r.SearchTarget, UpnpUrns.InternetGatewayDevice1));
        findings.Found(FingerprintKeys.OldStEcho, p => p with { Discovery = p.Discovery with { OldStEcho = echo } });

        if (all.Count > 0)
        {
            var nonIgdOnly = all.All(r => !IsIgdType(r.SearchTarget) && !IsIgdType(r.Usn));
            findings.Found(FingerprintKeys.SsdpAll, p => p with { Discovery = p.Discovery with { SsdpAll = nonIgdOnly ? SsdpAllAnswer.NonIgdOnly : SsdpAllAnswer.Everything } });
        }
        else
        {
            findings.NotFound(FingerprintKeys.SsdpAll, "ssdp:all got no answer");
        }

        var odd = new OddHeaders
        {
            StatusLineTrailingSpace = replies.Any(r => r.StatusLine.EndsWith(' ')),
            EmptyServer = replies.Any(r => r.Server is { Length: 0 }),
            NonUuidUsn = replies.Any(r => r.Usn is { } usn && !usn.StartsWith("uuid:", StringComparison.OrdinalIgnoreCase)),
        };
        findings.Found(FingerprintKeys.OddHeaders, p => p with { Discovery = p.Discovery with { OddHeaders = odd } });
        if (replies.Select(r => r.Server).FirstOrDefault(s => !string.IsNullOrEmpty(s)) is { } server && !findings.Detected.Contains(FingerprintKeys.ServerHeader))
        {
            findings.Found(FingerprintKeys.ServerHeader, p => p with { ServerHeader = server });
        }
    }

    private bool FromRouter(RawSsdpReply reply, Uri location) =>
        reply.From.Address.Equals(target.Address) || string.Equals(reply.Location?.Host, location.Host, StringComparison.OrdinalIgnoreCase);

    private static bool SameType(string? searchTarget, string expected) => string.Equals(searchTarget?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsIgdType(string? text) =>
        text is not null && (text.Contains(":InternetGatewayDevice:", StringComparison.OrdinalIgnoreCase)
            || text.Contains(":WANIPConnection:", StringComparison.OrdinalIgnoreCase)
            || text.Contains(":WANPPPConnection:", StringComparison.OrdinalIgnoreCase)
            || text.Contains(":WANConnectionDevice:", StringComparison.OrdinalIgnoreCase)
            || text.Contains(":WANDevice:", StringComparison.OrdinalIgnoreCase));

    private async Task<List<RawSsdpReply>> SearchAsync(string searchTarget, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(local ?? IPAddress.Any, 0));
        var started = time.GetTimestamp();
        var host = string.Create(CultureInfo.InvariantCulture, $"{target.Address}:{target.Port}");
        await socket.SendToAsync(Protocols.Ssdp.SsdpSearch.Build(searchTarget, Mx, host), target, cancellationToken);
        if (multicast)
        {
            await socket.SendToAsync(Protocols.Ssdp.SsdpSearch.Build(searchTarget, Mx), Group, cancellationToken);
        }

        var replies = new List<RawSsdpReply>();
        await CollectAsync(socket, replies, started, wait, cancellationToken);
        return replies;
    }

    private async Task CollectAsync(Socket socket, List<RawSsdpReply> replies, long started, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        using var windowEnd = new CancellationTokenSource(duration, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, windowEnd.Token);
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), linked.Token);
                if (RawSsdpReply.TryParse(Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint, time.GetElapsedTime(started)) is { } reply)
                {
                    replies.Add(reply);
                }
            }
        }
        catch (OperationCanceledException) when (windowEnd.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The window is over.
        }
    }
}
