using System.Globalization;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Metrics;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;

namespace IgdLab.Prober.Watchdog;

/// <summary>Probing, classification and remap instructions.</summary>
internal sealed partial class WatchdogEngine
{
    /// <summary>The scheduler's callback: probe one device (confirming timeouts) and act on the verdict.</summary>
    internal async Task ProbeDeviceAsync(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out var entry))
        {
            return;
        }

        ProbeTarget target;
        long generation;
        lock (entry.Gate)
        {
            if (entry.Target is null || entry.Mapping is null)
            {
                return;
            }

            target = new ProbeTarget(entry.Id, entry.Key, entry.Target, entry.Mapping.Protocol);
            generation = entry.Generation;
        }

        var attempt = 0;
        var decidedAt = DateTimeOffset.MinValue;
        var result = await _confirmation.ExecuteAsync(
            async cancellationToken =>
            {
                var one = await ProbeOnceAsync(target, cancellationToken);
                decidedAt = OnAttempt(entry, target, generation, one, ++attempt);
                return one;
            },
            _stop.Token);
        await OnVerdictAsync(entry, generation, result, decidedAt);
    }

    /// <summary>One probe, bounded by the probe timeout on the server's clock whatever a plugged-in connector does.</summary>
    private async Task<ProbeResult> ProbeOnceAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        if (_connector is SocketProbeConnector)
        {
            // The socket probe keeps the timeout itself, on this same clock: no second timer per probe.
            try
            {
                return await _connector.ProbeAsync(target, _options.ProbeTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return new ProbeResult(ProbeOutcome.HandshakeFailure, null, _time.GetElapsedTime(started), $"probe error: {ex.Message}");
            }
        }

        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await _connector.ProbeAsync(target, _options.ProbeTimeout, abandon.Token).WaitAsync(_options.ProbeTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Synchronously: an awaited CancelAsync would hop to the thread pool, and the verdict should follow the timeout at once.
#pragma warning disable CA1849
            abandon.Cancel();
#pragma warning restore CA1849
            return new ProbeResult(ProbeOutcome.Timeout, null, _time.GetElapsedTime(started), $"no answer within {_options.ProbeTimeout.TotalMilliseconds} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProbeResult(ProbeOutcome.HandshakeFailure, null, _time.GetElapsedTime(started), $"probe error: {ex.Message}");
        }
    }

    /// <summary>Counts a probe; the first failed probe of a healthy device opens an episode (suspicion). Returns the probe's time.</summary>
    private DateTimeOffset OnAttempt(DeviceEntry entry, ProbeTarget target, long generation, ProbeResult result, int attempt)
    {
        var now = _time.GetUtcNow();
        var failed = result.Outcome != ProbeOutcome.Ok;
        var suspected = false;
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
            if (generation == entry.Generation)
            {
                entry.LastProbe = new ProbeRecord(result.Outcome, now, result.Elapsed, result.Detail, result.AnsweredBy);
                if (failed && entry.Episode is null)
                {
                    entry.Episode = new OpenEpisode(now, result.Outcome);
                    suspected = true;
                }
            }
        }

        Metrics.Probe(result.Outcome, result.Elapsed);
        Publish(new ProbeCompleted(entry.Id, now, target.EndPoint, result, attempt));
        if (suspected)
        {
            LogSuspected(entry.Id, result.Outcome, result.Detail);
            Publish(new FaultSuspected(entry.Id, now, result.Outcome));
        }

        return now;
    }

    /// <summary>
    /// Acts on a probe's final result, dated when that probe ended (<paramref name="now"/>): a recovery, a cleared
    /// suspicion, or a failure verdict and maybe an instruction.
    /// </summary>
    private async Task OnVerdictAsync(DeviceEntry entry, long generation, ProbeResult result, DateTimeOffset now)
    {
        var events = new List<WatchdogEvent>(2);
        (IDeviceChannel Channel, RemapInstruction Instruction)? send = null;
        lock (entry.Gate)
        {
            if (generation != entry.Generation || entry.Episode is not { } episode)
            {
                // Judged a mapping that has since been replaced, or nothing is wrong: nothing to decide.
                return;
            }

            if (result.Outcome == ProbeOutcome.Ok)
            {
                entry.Episode = null;
                entry.Dirty = true;
                if (episode.DetectedAt is null)
                {
                    // A timeout that its confirmation did not confirm: no fault after all.
                    return;
                }

                var record = episode.ToRecord(now);
                entry.RecentEpisodes.Enqueue(record);
                while (entry.RecentEpisodes.Count > ProberDefaults.EpisodesPerDevice)
                {
                    entry.RecentEpisodes.Dequeue();
                }

                entry.Recoveries++;
                entry.ConsecutiveRemapFailures = 0;
                entry.NextInstructionNotBefore = null;
                Metrics.Recovery(record.RemapLatency ?? TimeSpan.Zero);
                events.Add(new DeviceRecovered(entry.Id, now, record));
            }
            else
            {
                entry.Verdicts++;
                entry.Dirty = true;
                episode.Cause = result.Outcome;
                if (episode.DetectedAt is null)
                {
                    episode.DetectedAt = now;
                    Metrics.Verdict(result.Outcome, now - episode.SuspectedAt);
                    events.Add(new FailureDetected(entry.Id, now, result.Outcome, result.Detail));
                }
                else if (episode.AwaitingVerification)
                {
                    // The device reported a new mapping, and it fails too: that remap did not help.
                    episode.AwaitingVerification = false;
                    events.Add(RecordRemapFailure(entry, now, null, $"the reported mapping failed its probe: {result.Detail}"));
                }

                send = PrepareInstruction(entry, now, $"{ProberMetrics.Tag(result.Outcome)}: {result.Detail}");
            }
        }

        foreach (var happened in events)
        {
            switch (happened)
            {
                case DeviceRecovered recovered:
                    Remember(entry.Id, now, "recovered", $"outage {recovered.Episode.Outage?.TotalMilliseconds} ms");
                    LogRecovered(entry.Id, recovered.Episode.Outage ?? TimeSpan.Zero);
                    break;
                case FailureDetected detected:
                    Remember(entry.Id, now, "failure-detected", $"{ProberMetrics.Tag(detected.Outcome)}: {detected.Detail}");
                    LogDetected(entry.Id, detected.Outcome, detected.Detail);
                    break;
            }

            Publish(happened);
        }

        if (send is { } instruction)
        {
            await SendInstructionAsync(entry, instruction.Channel, instruction.Instruction, now);
        }
    }

    /// <summary>
    /// An instruction to send when one may go: the device has a channel (else it is offline), none is outstanding,
    /// and the backoff has passed. Called under the device's lock; the instruction's timeout starts now.
    /// </summary>
    private (IDeviceChannel, RemapInstruction)? PrepareInstruction(DeviceEntry entry, DateTimeOffset now, string reason)
    {
        if (entry.Channel is not { } channel || entry.OutstandingInstruction is not null || entry.NextInstructionNotBefore > now)
        {
            return null;
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{_runId}-{Interlocked.Increment(ref _instructionSequence)}");
        entry.OutstandingInstruction = id;
        entry.InstructionTimer = _time.CreateTimer(_ => OnInstructionTimeout(entry, id), null, _options.InstructionTimeout, Timeout.InfiniteTimeSpan);
        entry.Instructions++;
        entry.Dirty = true;
        if (entry.Episode is { } episode)
        {
            episode.FirstInstructionAt ??= now;
            episode.Instructions++;
        }

        return (channel, new RemapInstruction(id, reason, entry.Target?.ToString()));
    }

    private async Task SendInstructionAsync(DeviceEntry entry, IDeviceChannel channel, RemapInstruction instruction, DateTimeOffset now)
    {
        if (await channel.SendAsync(instruction))
        {
            Metrics.Instruction();
            Remember(entry.Id, now, "instruction", $"{instruction.InstructionId}: {instruction.Reason}");
            LogInstruction(entry.Id, instruction.InstructionId, instruction.Reason);
            Publish(new InstructionSent(entry.Id, now, instruction));
            return;
        }

        // The channel broke under us; its close marks the device offline. Undo, so a new channel can be instructed.
        lock (entry.Gate)
        {
            if (entry.OutstandingInstruction == instruction.InstructionId)
            {
                entry.CancelInstruction();
                entry.Instructions--;
                if (entry.Episode is { } episode)
                {
                    episode.Instructions--;
                }
            }
        }
    }

    private void OnInstructionTimeout(DeviceEntry entry, string instructionId)
    {
        RemapFailureRecorded? recorded = null;
        lock (entry.Gate)
        {
            if (entry.OutstandingInstruction == instructionId)
            {
                entry.CancelInstruction();
                recorded = RecordRemapFailure(entry, _time.GetUtcNow(), instructionId, $"no answer within {_options.InstructionTimeout.TotalSeconds:0.###} s");
            }
        }

        Published(recorded);
    }

    /// <summary>Counts a failed remap and sets the backoff; called under the device's lock, the event is published by the caller.</summary>
    private RemapFailureRecorded RecordRemapFailure(DeviceEntry entry, DateTimeOffset now, string? instructionId, string reason)
    {
        entry.ConsecutiveRemapFailures++;
        entry.RemapFailures++;
        entry.NextInstructionNotBefore = now + _backoff.After(entry.ConsecutiveRemapFailures);
        entry.Dirty = true;
        if (entry.Episode is { } episode)
        {
            episode.RemapFailures++;
        }

        Metrics.RemapFailure();
        Remember(entry.Id, now, "remap-failed", reason);
        LogRemapFailed(entry.Id, reason, entry.ConsecutiveRemapFailures);
        return new RemapFailureRecorded(entry.Id, now, instructionId, reason, entry.ConsecutiveRemapFailures, entry.NextInstructionNotBefore.Value);
    }
}
