using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Metrics;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;
using Microsoft.Extensions.Logging;
using Polly;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The scheduler's callback: probes one device (bounded by the deadline, timeouts confirmed), asks
/// <see cref="VerdictPolicy"/> what the result means, records it on the device (counters, last probe, the fault
/// episode) and has the <see cref="InstructionDispatcher"/> send a remap when the verdict calls for one.
/// </summary>
internal sealed partial class DeviceProber(
    DeviceRegistry registry,
    InstructionDispatcher dispatcher,
    IProbeConnector connector,
    ResiliencePipeline<ProbeResult> confirmation,
    ProberMetrics metrics,
    WatchdogEventPublisher events,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Probes <paramref name="deviceId"/>'s current mapping, if it has one, and acts on the verdict.</summary>
    public async Task ProbeAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(deviceId, out var entry))
        {
            return;
        }

        ProbeTarget target;
        long generation;
        lock (entry.Gate)
        {
            // Another instance may own it now (released or lost since it was scheduled).
            if (entry.Target is null || entry.Mapping is null || !entry.Owned)
            {
                return;
            }

            target = new ProbeTarget(entry.Id, entry.Key, entry.Target, entry.Mapping.Protocol);
            generation = entry.Generation;
        }

        var result = await connector.ProbeAsync(target, cancellationToken);
        var decidedAt = OnAttempt(entry, target, generation, result, 1);
        if (VerdictPolicy.NeedsConfirmation(result.Outcome))
        {
            (result, decidedAt) = await ConfirmAsync(entry, target, generation, result, decidedAt, cancellationToken);
        }

        await OnResultAsync(entry, generation, result, decidedAt);
    }

    /// <summary>
    /// Repeats a probe that may have met a lost packet, through the confirmation pipeline. The pipeline's first attempt
    /// is the probe already made, so its retries follow their delay: a probe that passes at once, nearly every one,
    /// never enters the pipeline (whose state machines were an eighth of what a probe allocated).
    /// </summary>
    private async Task<(ProbeResult Result, DateTimeOffset DecidedAt)> ConfirmAsync(
        DeviceEntry entry, ProbeTarget target, long generation, ProbeResult first, DateTimeOffset firstAt, CancellationToken cancellationToken)
    {
        var attempt = 1;
        var decidedAt = firstAt;
        var replayed = false;
        var result = await confirmation.ExecuteAsync(
            async token =>
            {
                if (!replayed)
                {
                    replayed = true;
                    return first;
                }

                var one = await connector.ProbeAsync(target, token);
                decidedAt = OnAttempt(entry, target, generation, one, ++attempt);
                return one;
            },
            cancellationToken);
        return (result, decidedAt);
    }

    /// <summary>Counts a probe; the first failed probe of a healthy device opens an episode (suspicion). Returns the probe's time.</summary>
    private DateTimeOffset OnAttempt(DeviceEntry entry, ProbeTarget target, long generation, ProbeResult result, int attempt)
    {
        var now = time.GetUtcNow();
        var failed = result.Outcome != ProbeOutcome.Ok;
        Verdict verdict;
        lock (entry.Gate)
        {
            entry.Probes++;
            if (failed)
            {
                entry.FailedProbes++;
            }

            // A healthy device's routine probe changes nothing worth a database write (10 000 devices would mean
            // 10 000 rows a second); failures and changes of outcome are written, and everything at shutdown.
            entry.Dirty |= failed || entry.LastProbe?.Outcome != result.Outcome;
            var standing = entry.StandingFor(generation);
            verdict = entry.Owned ? VerdictPolicy.JudgeAttempt(result.Outcome, standing) : Verdict.Unchanged;
            if (standing.Current)
            {
                entry.LastProbe = new ProbeRecord(result.Outcome, now, result.Elapsed, result.Detail, result.AnsweredBy);
            }

            if (verdict == Verdict.Suspect)
            {
                entry.Episode = new OpenEpisode(now, result.Outcome);
            }
        }

        metrics.Probe(result.Outcome, result.Elapsed);
        events.Publish(new ProbeCompleted(entry.Id, now, target.EndPoint, result, attempt));
        if (verdict == Verdict.Suspect)
        {
            LogSuspected(entry.Id, result.Outcome, result.Detail);
            events.Publish(new FaultSuspected(entry.Id, now, result.Outcome));
        }

        return now;
    }

    /// <summary>
    /// Acts on a probe's final result, dated when that probe ended (<paramref name="now"/>): a recovery, a cleared
    /// suspicion, or a failure verdict and maybe an instruction.
    /// </summary>
    private async Task OnResultAsync(DeviceEntry entry, long generation, ProbeResult result, DateTimeOffset now)
    {
        WatchdogEvent? happened = null;
        WatchdogEvent? remapFailure = null;
        (IDeviceChannel Channel, RemapInstruction Instruction)? send = null;
        lock (entry.Gate)
        {
            var verdict = VerdictPolicy.Judge(result.Outcome, entry.StandingFor(generation));
            if (verdict == Verdict.Unchanged || entry.Episode is not { } episode || !entry.Owned)
            {
                // Given up while the probe ran: its new owner judges it.
                return;
            }

            entry.Dirty = true;
            switch (verdict)
            {
                case Verdict.SuspicionCleared:
                    entry.Episode = null;
                    return;
                case Verdict.Recovered:
                    happened = CloseEpisode(entry, episode, now);
                    break;
                case Verdict.Failed:
                    entry.Verdicts++;
                    episode.Cause = result.Outcome;
                    episode.DetectedAt = now;
                    metrics.Verdict(result.Outcome, now - episode.SuspectedAt);
                    happened = new FailureDetected(entry.Id, now, result.Outcome, result.Detail);
                    break;
                case Verdict.RemapIneffective:
                    entry.Verdicts++;
                    episode.Cause = result.Outcome;
                    episode.AwaitingVerification = false;
                    remapFailure = dispatcher.RecordRemapFailure(entry, now, null, $"the reported mapping failed its probe: {result.Detail}");
                    break;
                default:
                    entry.Verdicts++;
                    episode.Cause = result.Outcome;
                    break;
            }

            if (VerdictPolicy.CallsForRemap(verdict))
            {
                send = dispatcher.Prepare(entry, now, $"{ProberMetrics.Tag(result.Outcome)}: {result.Detail}");
            }
        }

        switch (happened)
        {
            case DeviceRecovered recovered:
                registry.Remember(entry.Id, now, "recovered", $"outage {recovered.Episode.Outage?.TotalMilliseconds} ms");
                LogRecovered(entry.Id, recovered.Episode.Outage ?? TimeSpan.Zero);
                break;
            case FailureDetected detected:
                registry.Remember(entry.Id, now, "failure-detected", $"{ProberMetrics.Tag(detected.Outcome)}: {detected.Detail}");
                LogDetected(entry.Id, detected.Outcome, detected.Detail);
                break;
        }

        events.Publish(happened);
        events.Publish(remapFailure);
        if (send is { } instruction)
        {
            await dispatcher.SendAsync(entry, instruction.Channel, instruction.Instruction, now);
        }
    }

    /// <summary>Ends the episode of a device that answers again and keeps its record; under the device's lock.</summary>
    private DeviceRecovered CloseEpisode(DeviceEntry entry, OpenEpisode episode, DateTimeOffset now)
    {
        entry.Episode = null;
        var record = episode.ToRecord(now);
        entry.RecentEpisodes.Enqueue(record);
        while (entry.RecentEpisodes.Count > ProberDefaults.EpisodesPerDevice)
        {
            entry.RecentEpisodes.Dequeue();
        }

        entry.Recoveries++;
        InstructionDispatcher.OnRecovered(entry);
        metrics.Recovery(record.RemapLatency ?? TimeSpan.Zero);
        return new DeviceRecovered(entry.Id, now, record);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{DeviceId}: probe failed ({Outcome}: {Detail}); suspect")]
    private partial void LogSuspected(string deviceId, ProbeOutcome outcome, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: failure detected ({Outcome}: {Detail})")]
    private partial void LogDetected(string deviceId, ProbeOutcome outcome, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: reachable again after {Outage}")]
    private partial void LogRecovered(string deviceId, TimeSpan outage);
}
