using IgdLab.Device.Upnp.Description;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// Turns SSDP replies into a gateway: one description fetch per distinct LOCATION, and the best IGD chosen —
/// WANIPConnection:2 over :1 over WANPPPConnection, then one with WANCommonInterfaceConfig, then the first to answer —
/// optionally checked by <see cref="IgdLocatorOptions.Probe"/>.
/// </summary>
public sealed partial class IgdLocator
{
    private readonly SsdpDiscoverer _discoverer;
    private readonly IgdDescriptionFetcher _fetcher;
    private readonly IgdLocatorOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a locator.</summary>
    /// <param name="discoverer">Sends the searches.</param>
    /// <param name="fetcher">Fetches the descriptions, from the device's own address.</param>
    /// <param name="options">Null uses the defaults.</param>
    /// <param name="logger">Null logs nothing.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public IgdLocator(
        SsdpDiscoverer discoverer, IgdDescriptionFetcher fetcher, IgdLocatorOptions? options = null, ILogger<IgdLocator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(discoverer);
        ArgumentNullException.ThrowIfNull(fetcher);
        options ??= new IgdLocatorOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid locator options: " + string.Join("; ", problems), nameof(options));
        }

        _discoverer = discoverer;
        _fetcher = fetcher;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Discovers and chooses a gateway.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IgdLocatorResult> LocateAsync(CancellationToken cancellationToken = default)
    {
        if (_options.StopAtFirstIgd)
        {
            return await LocateFirstAsync(cancellationToken);
        }

        var discovery = await _discoverer.DiscoverAsync(cancellationToken: cancellationToken);
        return await SelectAsync(discovery.Replies, cancellationToken) with { Discovery = discovery };
    }

    /// <summary>Chooses a gateway among <paramref name="replies"/>, fetching every distinct LOCATION's description at once.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IgdLocatorResult> SelectAsync(IEnumerable<SsdpReply> replies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var groups = GroupByLocation(replies).Take(_options.MaxDescriptions);
        var candidates = await Task.WhenAll(groups.Select(g => EvaluateAsync(g.Location, g.Replies, cancellationToken)));
        if (_options.Probe is null)
        {
            return Conclude([.. candidates], chosen: Rank(candidates).FirstOrDefault());
        }

        var probed = candidates.ToList();
        foreach (var candidate in Rank(candidates))
        {
            var result = candidate with { ProbePassed = await ProbeAsync(candidate, cancellationToken) };
            probed[probed.IndexOf(candidate)] = result;
            if (result.ProbePassed == true)
            {
                return Conclude(probed, result);
            }
        }

        return Conclude(probed, chosen: null);
    }

    // Evaluates each new LOCATION as its first reply arrives, and ends the search at the first that is good enough.
    private async Task<IgdLocatorResult> LocateFirstAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<IgdCandidate>();
        var byLocation = new Dictionary<Uri, int>();
        var replyCount = 0;
        await foreach (var reply in _discoverer.SearchAsync(cancellationToken))
        {
            replyCount++;
            if (byLocation.TryGetValue(reply.Location, out var known))
            {
                candidates[known] = candidates[known] with { Replies = [.. candidates[known].Replies, reply] };
                continue;
            }

            if (byLocation.Count >= _options.MaxDescriptions)
            {
                continue;
            }

            byLocation[reply.Location] = candidates.Count;
            var candidate = await EvaluateAsync(reply.Location, [reply], cancellationToken);
            if (candidate.IsIgd && _options.Probe is not null)
            {
                candidate = candidate with { ProbePassed = await ProbeAsync(candidate, cancellationToken) };
            }

            candidates.Add(candidate);
            if (candidate.IsIgd && candidate.ProbePassed != false)
            {
                return Conclude(candidates, candidate);
            }
        }

        LogNoFirstIgd(_logger, replyCount, candidates.Count);
        return Conclude(candidates, chosen: null);
    }

    private static List<(Uri Location, List<SsdpReply> Replies)> GroupByLocation(IEnumerable<SsdpReply> replies)
    {
        var groups = new List<(Uri Location, List<SsdpReply> Replies)>();
        var index = new Dictionary<Uri, int>();
        foreach (var reply in replies)
        {
            if (index.TryGetValue(reply.Location, out var i))
            {
                groups[i].Replies.Add(reply);
            }
            else
            {
                index[reply.Location] = groups.Count;
                groups.Add((reply.Location, [reply]));
            }
        }

        return groups;
    }

    // Best first; ties go to the device that answered first (the order of the candidates).
    private static IEnumerable<IgdCandidate> Rank(IEnumerable<IgdCandidate> candidates) =>
        candidates
            .Select((candidate, order) => (Candidate: candidate, Order: order))
            .Where(c => c.Candidate.IsIgd)
            .OrderBy(c => WanServiceRanking.ConnectionRank(c.Candidate.Description!.ConnectionService.ServiceType))
            .ThenBy(c => c.Candidate.Description!.HasCommonInterfaceConfig ? 0 : 1)
            .ThenBy(c => c.Order)
            .Select(c => c.Candidate);

    // With no chosen candidate the best IGD is still offered, marked by the outcome.
    private static IgdLocatorResult Conclude(IReadOnlyList<IgdCandidate> candidates, IgdCandidate? chosen)
    {
        if (chosen is not null)
        {
            return new IgdLocatorResult { Outcome = IgdLocatorOutcome.Found, Best = chosen, Candidates = candidates };
        }

        var fallback = Rank(candidates).FirstOrDefault();
        return new IgdLocatorResult
        {
            Outcome = fallback is not null ? IgdLocatorOutcome.FoundProbeFailed
                : candidates.Count > 0 ? IgdLocatorOutcome.NoIgd
                : IgdLocatorOutcome.NoResponse,
            Best = fallback,
            Candidates = candidates,
        };
    }

    private async Task<IgdCandidate> EvaluateAsync(Uri location, IReadOnlyList<SsdpReply> replies, CancellationToken cancellationToken)
    {
        try
        {
            var description = await _fetcher.FetchAsync(location, cancellationToken);
            LogIgd(_logger, location, description.ConnectionService.ServiceType, description.HasCommonInterfaceConfig);
            return new IgdCandidate { Location = location, Replies = replies, Description = description };
        }
        catch (UpnpDescriptionException e)
        {
            LogNotIgd(_logger, location, e.Reason, e.Message);
            return new IgdCandidate { Location = location, Replies = replies, Failure = e };
        }
    }

    private async Task<bool> ProbeAsync(IgdCandidate candidate, CancellationToken cancellationToken)
    {
        try
        {
            var passed = await _options.Probe!(candidate.Description!, cancellationToken);
            LogProbed(_logger, candidate.Location, passed);
            return passed;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(_logger, candidate.Location, e);
            return false;
        }
    }
}
