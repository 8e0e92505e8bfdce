using System.Net;
using IgdLab.Device.Upnp.Description;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.Device.Upnp.Http;

namespace IgdLab.Device.Devices;

/// <summary>
/// Locates a device's gateway by SSDP from the device's own address (unicast to a known SSDP endpoint, or multicast),
/// and watches each search's answers for a reboot (a new BOOTID.UPNP.ORG or a moved LOCATION). As an
/// <see cref="IGatewayPresence"/> it asks the gateway it found whether it answers, with one unicast search.
/// </summary>
public sealed class SsdpGatewayLocator : IGatewayLocator, IGatewayPresence
{
    private readonly DiscoveryOptions _discovery;
    private readonly TimeProvider _time;
    private readonly GatewayBootTracker _boots = new();
    private IPEndPoint? _located;

    /// <summary>Creates a locator that searches with <paramref name="discovery"/>, its local address being the device's.</summary>
    /// <param name="discovery">Where and how to search; <see cref="DiscoveryOptions.LocalAddress"/> should be the device's address.</param>
    /// <param name="timeProvider">The clock of search and fetch timeouts; null uses the system clock.</param>
    public SsdpGatewayLocator(DiscoveryOptions discovery, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        var problems = discovery.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid discovery options: " + string.Join("; ", problems), nameof(discovery));
        }

        _discovery = discovery;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A search's answers show that the gateway rebooted since the previous search.</summary>
    public event Action<GatewayReboot>? Rebooted;

    /// <summary>A locator for a gateway answering SSDP at <paramref name="ssdpEndPoint"/>, searching from <paramref name="localAddress"/>.</summary>
    public static SsdpGatewayLocator Unicast(IPEndPoint ssdpEndPoint, IPAddress localAddress, TimeSpan timeout, TimeProvider? timeProvider = null) =>
        new(new DiscoveryOptions { UnicastEndPoint = ssdpEndPoint, LocalAddress = localAddress, Timeout = timeout }, timeProvider);

    /// <inheritdoc />
    public async Task<GatewayService> LocateAsync(CancellationToken cancellationToken)
    {
        using var http = LocalBoundHttpClientFactory.Create(_discovery.LocalAddress);
        var locator = new IgdLocator(
            new SsdpDiscoverer(_discovery, _time),
            new IgdDescriptionFetcher(http, timeProvider: _time),
            new IgdLocatorOptions { StopAtFirstIgd = true });
        var result = await locator.LocateAsync(cancellationToken);
        Observe(result.Discovery?.Replies ?? result.Candidates.SelectMany(c => c.Replies));
        if (result.Best?.Replies.FirstOrDefault() is { } answer)
        {
            Volatile.Write(ref _located, new IPEndPoint(answer.Responder.Address, DiscoveryDefaults.SsdpPort));
        }

        return result.Igd is { } igd
            ? GatewayService.From(igd)
            : throw new GatewayNotFoundException($"no Internet gateway answered ({result.Outcome})");
    }

    /// <summary>Searches once and reports a reboot through <see cref="Rebooted"/>; no answer is not an error (the router may be down).</summary>
    /// <returns>True when a gateway answered.</returns>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var discovery = await new SsdpDiscoverer(_discovery with { SearchTargets = [UpnpUrns.RootDevice] }, _time)
            .DiscoverAsync(cancellationToken: cancellationToken);
        Observe(discovery.Replies);
        return discovery.Replies.Count > 0;
    }

    /// <summary>
    /// Asks the gateway whether it answers: one M-SEARCH for upnp:rootdevice, unicast to the configured SSDP endpoint
    /// (else to port 1900 of the gateway last located, else as configured), done at the first answer. A reboot that
    /// the answer shows is reported through <see cref="Rebooted"/>.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait for an answer; the locator's own timeout bounds it too.</param>
    /// <returns>True when an answer came; false when none came in time or the search could not go out.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> ended the wait first.</exception>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        var target = _discovery.UnicastEndPoint ?? Volatile.Read(ref _located);
        var options = _discovery with
        {
            SearchTargets = [UpnpUrns.RootDevice],
            UnicastEndPoint = target,
            Multicast = target is null && _discovery.Multicast,
        };
        SsdpDiscoveryResult discovery;
        try
        {
            discovery = await new SsdpDiscoverer(options, _time).DiscoverAsync(stopWhen: _ => true, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }

        Observe(discovery.Replies);
        return discovery.Replies.Count > 0;
    }

    private void Observe(IEnumerable<SsdpReply> replies)
    {
        foreach (var reply in replies)
        {
            if (_boots.Observe(reply) is { } reboot)
            {
                Rebooted?.Invoke(reboot);
            }
        }
    }
}
