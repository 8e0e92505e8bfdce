using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// Finds UPnP devices with SSDP M-SEARCH, unicast to a known gateway and/or multicast to the group, and collects the
/// replies until <see cref="DiscoveryOptions.Timeout"/> (read from the injected <see cref="TimeProvider"/>) or until
/// the caller has what it needs. Replies are accepted from any address and port; unusable datagrams are skipped and
/// counted, never thrown.
/// </summary>
public sealed class SsdpDiscoverer
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISsdpSearchSocketFactory _socketFactory;

    /// <summary>Creates a discoverer.</summary>
    /// <param name="options">Where and what to search.</param>
    /// <param name="timeProvider">The clock of the timeout and of <see cref="SsdpReply.ReceivedAt"/>; null uses the system clock.</param>
    /// <param name="logger">Where searches are logged; null logs nothing.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public SsdpDiscoverer(DiscoveryOptions options, TimeProvider? timeProvider = null, ILogger<SsdpDiscoverer>? logger = null)
        : this(options, timeProvider, logger, UdpSearchSocketFactory.Instance)
    {
    }

    /// <summary>Creates a discoverer whose sockets come from <paramref name="socketFactory"/>.</summary>
    internal SsdpDiscoverer(DiscoveryOptions options, TimeProvider? timeProvider, ILogger? logger, ISsdpSearchSocketFactory socketFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(socketFactory);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid discovery options: " + string.Join("; ", problems), nameof(options));
        }

        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _socketFactory = socketFactory;
    }

    /// <summary>The options in force.</summary>
    public DiscoveryOptions Options { get; }

    /// <summary>
    /// Searches and collects the distinct replies until the timeout, or until <paramref name="stopWhen"/> returns
    /// true for a reply (that reply is included).
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The search socket could not be opened (e.g. the local address is not on this host).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<SsdpDiscoveryResult> DiscoverAsync(
        Func<SsdpReply, bool>? stopWhen = null, CancellationToken cancellationToken = default)
    {
        var session = SsdpSearchSession.Start(Options, _time, _logger, _socketFactory, cancellationToken);
        var replies = new List<SsdpReply>();
        var stoppedEarly = false;
        await using (session)
        {
            while (!stoppedEarly && await session.Replies.WaitToReadAsync(cancellationToken))
            {
                while (!stoppedEarly && session.Replies.TryRead(out var reply))
                {
                    replies.Add(reply);
                    stoppedEarly = stopWhen?.Invoke(reply) == true;
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new SsdpDiscoveryResult
        {
            Replies = replies,
            SkippedDatagrams = session.Skipped,
            DuplicateReplies = session.Duplicates,
            FailedSends = session.FailedSends,
            StoppedEarly = stoppedEarly,
        };
    }

    /// <summary>
    /// Searches and yields each distinct reply as it arrives, until the timeout; leaving the loop early ends the
    /// search. The search starts with the first <c>MoveNextAsync</c>.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The search socket could not be opened.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async IAsyncEnumerable<SsdpReply> SearchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var session = SsdpSearchSession.Start(Options, _time, _logger, _socketFactory, cancellationToken);
        await using (session)
        {
            while (await session.Replies.WaitToReadAsync(cancellationToken))
            {
                while (session.Replies.TryRead(out var reply))
                {
                    yield return reply;
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
