using System.Globalization;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Metrics;
using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The remap-instruction state machine of every device: one instruction outstanding per breakage, each naming the
/// endpoint whose probe failed and the report that gave it (so a device whose mapping is elsewhere, or newer, already
/// answers with it instead of remapping), a deadline for the answer, and an exponential backoff after failed remaps.
/// A device may restore its mapping on its own while the backoff runs (it watches for its gateway's return): its report
/// ends the backoff's wait, and the next probe either confirms it (recovery resets the count) or counts one more failed
/// remap. Instructions follow failed probes only, never the backoff's end by itself, so a device that restored itself
/// gets none. Methods marked "under the device's lock" change the entry and leave publishing to the caller, after the lock.
/// </summary>
internal sealed partial class InstructionDispatcher(
    ProberOptions options,
    DeviceRegistry registry,
    ProberMetrics metrics,
    WatchdogEventPublisher events,
    TimeProvider time,
    ILogger logger,
    IInstructionLedger ledger)
{
    private readonly RemapBackoff _backoff = new(options.RemapBackoffMin, options.RemapBackoffMax);

    // Ids stay unique across restarts of the server: the run's start time, then a counter.
    private readonly string _runId = time.GetUtcNow().ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture);
    private long _sequence;

    /// <summary>
    /// An instruction to send when one may go: the device has a channel (else it is offline), none is outstanding,
    /// and the backoff has passed. Under the device's lock; the instruction's timeout starts now.
    /// </summary>
    public (IDeviceChannel Channel, RemapInstruction Instruction)? Prepare(DeviceEntry entry, DateTimeOffset now, string reason)
    {
        if (entry.Channel is not { } channel || entry.OutstandingInstruction is not null || entry.NextInstructionNotBefore > now)
        {
            return null;
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{_runId}-{Interlocked.Increment(ref _sequence)}");
        entry.OutstandingInstruction = id;
        entry.InstructionTimer = time.CreateTimer(_ => OnTimeout(entry, id), null, options.InstructionTimeout, Timeout.InfiniteTimeSpan);
        entry.Instructions++;
        entry.Dirty = true;
        if (entry.Episode is { } episode)
        {
            episode.FirstInstructionAt ??= now;
            episode.Instructions++;
        }

        var instruction = new RemapInstruction(id, reason, entry.Target?.ToString(), entry.ReportSequence);
        entry.OutstandingMessage = instruction;
        entry.InstructedOver = channel;
        return (channel, instruction);
    }

    /// <summary>
    /// The outstanding instruction again, same id, for the device's channel when it is not the one the instruction went
    /// out on (under the device's lock): the device reconnected elsewhere, or the instance that carried it died. Delivery is so at least once; the device acts
    /// on an instruction at most once (a second copy finds its mapping moved on and answers with it), and it is one
    /// instruction, counted once. Null when there is nothing to send again.
    /// </summary>
    public (IDeviceChannel Channel, RemapInstruction Instruction)? PrepareRedelivery(DeviceEntry entry)
    {
        if (entry.OutstandingInstruction is not { } id || entry.Channel is not { } channel || ReferenceEquals(entry.InstructedOver, channel))
        {
            return null;
        }

        entry.InstructedOver = channel;
        entry.OutstandingMessage ??= new RemapInstruction(id, "resent: the instruction's channel changed", entry.Target?.ToString(), entry.ReportSequence);
        return (channel, entry.OutstandingMessage);
    }

    /// <summary>Sends an instruction again (outside the lock); see <see cref="PrepareRedelivery"/>.</summary>
    public async Task RedeliverAsync(DeviceEntry entry, (IDeviceChannel Channel, RemapInstruction Instruction)? redelivery, DateTimeOffset now)
    {
        if (redelivery is not ({ } channel, { } instruction))
        {
            return;
        }

        if (await channel.SendAsync(instruction))
        {
            registry.Remember(entry.Id, now, "instruction-resent", $"{instruction.InstructionId} on the device's new channel");
            LogRedelivered(entry.Id, instruction.InstructionId);
            metrics.Resent();
            events.Publish(new InstructionSent(entry.Id, now, instruction, Again: true));
        }
    }

    /// <summary>Sends a prepared instruction (outside the lock); when the channel broke meanwhile, undoes it so a new channel can be instructed.</summary>
    public async Task SendAsync(DeviceEntry entry, IDeviceChannel channel, RemapInstruction instruction, DateTimeOffset now)
    {
        await ledger.RecordAsync(entry.Id, instruction.InstructionId, now);
        if (await channel.SendAsync(instruction))
        {
            metrics.Instruction();
            registry.Remember(entry.Id, now, "instruction", $"{instruction.InstructionId}: {instruction.Reason}");
            LogInstruction(entry.Id, instruction.InstructionId, instruction.Reason);
            events.Publish(new InstructionSent(entry.Id, now, instruction));
            return;
        }

        // The channel broke under us; its close marks the device offline.
        Undo(entry, instruction.InstructionId);
    }

    /// <summary>
    /// An instruction did not reach the device (its channel closed first): it is undone as if never sent, so that a
    /// new channel can be instructed.
    /// </summary>
    public void Undo(DeviceEntry entry, string instructionId)
    {
        lock (entry.Gate)
        {
            if (entry.OutstandingInstruction == instructionId)
            {
                Cancel(entry);
                entry.Instructions--;
                if (entry.Episode is { } episode)
                {
                    episode.Instructions--;
                }
            }
        }
    }

    /// <summary>Withdraws the outstanding instruction, if any (under the device's lock): answered, failed, or its channel gone.</summary>
    public void Cancel(DeviceEntry entry)
    {
        if (entry.OutstandingInstruction is { } id)
        {
            entry.CancelInstruction();
            ledger.Ended(entry.Id, id);
        }
    }

    /// <summary>
    /// Takes over an instruction another instance sent (under the device's lock): it stays outstanding for what is
    /// left of its timeout, so that the breakage it answers gets no second one. One whose time is already up is
    /// dropped: the next failed probe may send a new one.
    /// </summary>
    public void Resume(DeviceEntry entry, string instructionId, DateTimeOffset sentAt, DateTimeOffset now)
    {
        var left = sentAt + options.InstructionTimeout - now;
        if (left <= TimeSpan.Zero)
        {
            ledger.Ended(entry.Id, instructionId);
            return;
        }

        entry.OutstandingInstruction = instructionId;
        entry.InstructionTimer = time.CreateTimer(_ => OnTimeout(entry, instructionId), null, left, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A report arrived (under the device's lock): it answers the outstanding instruction when it names it, a report
    /// after the verdict is to be verified by the next probe, and the backoff's wait is over — the device has a new
    /// mapping, and if the probe finds it broken that counts as a failed remap and backs off again. The count of
    /// failed remaps stays until the probe confirms a recovery, so a router that keeps accepting mappings that do not
    /// work still meets a growing backoff.
    /// </summary>
    public void OnReport(DeviceEntry entry, string? instructionId, DateTimeOffset now)
    {
        if (instructionId is not null && instructionId == entry.OutstandingInstruction)
        {
            Cancel(entry);
        }

        entry.NextInstructionNotBefore = null;

        if (entry.Episode is { } episode)
        {
            episode.ReportedAt = now;
            episode.AwaitingVerification = episode.DetectedAt is not null;
        }
    }

    /// <summary>The device could not carry out its outstanding instruction: count a failed remap and back off.</summary>
    public void OnRemapFailed(DeviceEntry entry, IDeviceChannel channel, RemapFailed failed)
    {
        RemapFailureRecorded? recorded = null;
        lock (entry.Gate)
        {
            if (ReferenceEquals(entry.Channel, channel) && failed.InstructionId is not null && failed.InstructionId == entry.OutstandingInstruction)
            {
                Cancel(entry);
                recorded = RecordRemapFailure(entry, time.GetUtcNow(), failed.InstructionId, $"the device failed: {failed.Error}");
            }
        }

        events.Publish(recorded);
    }

    /// <summary>The device is reachable again (under the device's lock): the next breakage starts without backoff.</summary>
    public static void OnRecovered(DeviceEntry entry)
    {
        entry.ConsecutiveRemapFailures = 0;
        entry.NextInstructionNotBefore = null;
    }

    /// <summary>Counts a failed remap and sets the backoff. Under the device's lock; the caller publishes the event.</summary>
    public RemapFailureRecorded RecordRemapFailure(DeviceEntry entry, DateTimeOffset now, string? instructionId, string reason)
    {
        entry.ConsecutiveRemapFailures++;
        entry.RemapFailures++;
        entry.NextInstructionNotBefore = now + _backoff.After(entry.ConsecutiveRemapFailures);
        entry.Dirty = true;
        if (entry.Episode is { } episode)
        {
            episode.RemapFailures++;
        }

        metrics.RemapFailure();
        registry.Remember(entry.Id, now, "remap-failed", reason);
        LogRemapFailed(entry.Id, reason, entry.ConsecutiveRemapFailures);
        return new RemapFailureRecorded(entry.Id, now, instructionId, reason, entry.ConsecutiveRemapFailures, entry.NextInstructionNotBefore.Value);
    }

    private void OnTimeout(DeviceEntry entry, string instructionId)
    {
        RemapFailureRecorded? recorded = null;
        lock (entry.Gate)
        {
            if (entry.OutstandingInstruction == instructionId)
            {
                Cancel(entry);
                recorded = RecordRemapFailure(entry, time.GetUtcNow(), instructionId, $"no answer within {options.InstructionTimeout.TotalSeconds:0.###} s");
            }
        }

        events.Publish(recorded);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: remap instruction {InstructionId} sent ({Reason})")]
    private partial void LogInstruction(string deviceId, string instructionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{DeviceId}: remap instruction {InstructionId} sent again on the device's new channel")]
    private partial void LogRedelivered(string deviceId, string instructionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{DeviceId}: remap failed ({Reason}); {Consecutive} in a row")]
    private partial void LogRemapFailed(string deviceId, string reason, int consecutive);
}
