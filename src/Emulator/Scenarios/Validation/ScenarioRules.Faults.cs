using IgdLab.Emulator.Scenarios.Binding;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios.Validation;

/// <summary>The fault schedule: times within the scenario, targets that exist, settings that fit the action.</summary>
internal sealed partial class ScenarioRules
{
    private static readonly string[] TargetKeys = ["device", "target", "percent"];

    private void CheckFault(ScenarioFault fault, string path)
    {
        CheckSchedule(fault, path);
        if (fault.Prober is { } prober)
        {
            CheckProberFault(fault, path, prober);
            return;
        }

        CheckGatewayReference(fault, path, fault.Gateway);
        if (!Bound(fault, "action") || fault.Fault is null)
        {
            return;
        }

        if (map.IsWritten(fault, "instance"))
        {
            Report(fault, path, "instance", $"applies only to {string.Join(" and ", ProberFault.Names)}, not to {fault.Action}");
        }

        CheckActionSettings(fault, path, fault.Fault.GetType());
        CheckTarget(fault, path);
        CheckPartition(fault, path);

        // The rules of the kinds whose settings can be out of range; the other kinds take none.
        switch (fault.Fault)
        {
            case Reboot reboot:
                CheckReboot(fault, path, reboot.Downtime);
                break;
            case SoapError error:
                if (error.Code is < 400 or > 999)
                {
                    Report(fault, path, "code", $"must be a UPnP error code from 400 to 999, not {error.Code}");
                }

                CheckAtLeast(fault, path, "calls", fault.Calls, 1);
                if (fault.Calls is not null && fault.For is not null)
                {
                    Report(fault, path, "for", "give calls (how many fail) or for (how long), not both");
                }

                CheckPositive(fault, path, "for", fault.For);
                break;
            case SoapDelay delay:
                // A delay read from a file was written; one built in code has a value other than zero.
                var given = map.IsWritten(fault, "delay") || delay.Delay != TimeSpan.Zero;
                if (!given && Bound(fault, "delay"))
                {
                    Report(fault, path, null, "missing 'delay' (how long each SOAP answer waits)");
                }

                CheckPositive(fault, path, "delay", given ? delay.Delay : null);
                CheckPositive(fault, path, "for", fault.For);
                break;
            case Partition:
                CheckPositive(fault, path, "for", fault.For);
                break;
        }
    }

    private void CheckSchedule(ScenarioFault fault, string path)
    {
        var schedule = fault.Schedule;
        var end = scenario.Duration;
        if (schedule.At is null && schedule.Every is null && Bound(fault, "at") && Bound(fault, "every"))
        {
            Report(fault, path, null, "missing 'at' (once) or 'every' (repeating)");
        }

        if (schedule.At is { } at)
        {
            if (schedule.Every is not null)
            {
                Report(fault, path, "every", "give either at (once) or every (repeating), not both");
            }

            foreach (var (key, given) in new[] { ("from", schedule.From is not null), ("until", schedule.Until is not null), ("count", schedule.Count is not null) })
            {
                if (given)
                {
                    var hint = key == "count" && fault.Fault is SoapError ? "; for how many SOAP calls fail, use calls" : "";
                    Report(fault, path, key, $"only a repeating fault (every) has {key}{hint}");
                }
            }

            if (DurationKnown && at >= end)
            {
                Report(fault, path, "at", $"{Text(at)} is not before the end of the scenario ({Text(end)})");
            }
            else if (DurationKnown && at + schedule.Jitter > end)
            {
                Report(fault, path, "jitter", $"at {Text(at)} plus up to {Text(schedule.Jitter)} can fire after the end of the scenario ({Text(end)})");
            }
        }
        else if (schedule.Every is { } every)
        {
            CheckRepeating(fault, path, schedule, every);
        }

        if (schedule.Probability is < 0 or > 1)
        {
            Report(fault, path, "probability", $"must be from 0 to 1, not {Text(schedule.Probability)}");
        }
    }

    private void CheckRepeating(ScenarioFault fault, string path, FaultSchedule schedule, TimeSpan every)
    {
        var end = scenario.Duration;
        if (every <= TimeSpan.Zero)
        {
            Report(fault, path, "every", "must be longer than 0");
            return;
        }

        var first = schedule.From ?? every;
        if (DurationKnown && first >= end)
        {
            if (schedule.From is not null)
            {
                Report(fault, path, "from", $"{Text(first)} is not before the end of the scenario ({Text(end)})");
            }
            else
            {
                Report(fault, path, "every", $"the first firing ({Text(every)} after the start) is not before the end of the scenario ({Text(end)}); give from");
            }
        }

        if (schedule.Until is { } until)
        {
            if (DurationKnown && until > end)
            {
                Report(fault, path, "until", $"{Text(until)} is after the end of the scenario ({Text(end)})");
            }

            if (until <= first)
            {
                var what = schedule.From is null ? $"the first firing at {Text(first)} (one interval after the start)" : $"from ({Text(first)})";
                Report(fault, path, "until", $"{Text(until)} is not after {what}");
            }
        }

        CheckAtLeast(fault, path, "count", schedule.Count, 1);
        if (schedule.Jitter >= every)
        {
            Report(fault, path, "jitter", $"{Text(schedule.Jitter)} must be shorter than every ({Text(every)})");
        }
    }

    /// <summary>
    /// kill-prober and restart-prober: the watchdog runs, the instance named exists, nothing aims at a gateway or a
    /// device, and a downtime ends before the scenario does.
    /// </summary>
    private void CheckProberFault(ScenarioFault fault, string path, ProberFault prober)
    {
        var watchdog = scenario.Watchdog;
        foreach (var key in TargetKeys.Prepend("gateway").Where(k => map.IsWritten(fault, k)))
        {
            Report(fault, path, key, $"{fault.Action} hits a watchdog instance (instance: N), not a gateway or a device");
        }

        CheckActionSettings(fault, path, typeof(ProberFault));
        if (!watchdog.Enabled)
        {
            Report(fault, path, "action", $"{fault.Action} needs the watchdog, but watchdog.enabled is false");
        }
        else if (prober.Instance is { } instance && Bound(fault, "instance") && (instance < 1 || instance > watchdog.Instances))
        {
            Report(fault, path, "instance", watchdog.Instances == 1
                ? $"must be 1, the only watchdog instance, not {instance}; watchdog.instances gives more"
                : $"must be from 1 to {watchdog.Instances} (watchdog.instances), not {instance}");
        }

        CheckPositive(fault, path, "downtime", prober.Downtime);
        if (prober.Downtime is { } downtime && DurationKnown && fault.Schedule.At is { } at && at < scenario.Duration && at + downtime >= scenario.Duration)
        {
            Report(fault, path, "downtime", $"the instance would still be down when the scenario ends ({Text(at)} + {Text(downtime)} is not before {Text(scenario.Duration)}); leave downtime out of a kill-prober that lasts to the end");
        }
        else if (prober.Downtime is { } down && fault.Schedule.Every is { } every && every > TimeSpan.Zero && down >= every)
        {
            Report(fault, path, "downtime", $"{Text(down)} is not shorter than every ({Text(every)}); the instance would die again while down");
        }
    }

    private void CheckActionSettings(ScenarioFault fault, string path, Type kind)
    {
        ScenarioKeys.ActionSettings.TryGetValue(kind, out var allowed);
        foreach (var key in ScenarioKeys.ActionSettingKeys)
        {
            if (map.IsWritten(fault, key) && (allowed is null || !allowed.Contains(key)))
            {
                List<string> users = [.. ScenarioKeys.ActionSettings.Where(a => a.Value.Contains(key)).SelectMany(a => ScenarioKeys.ActionsOf(a.Key))];
                var named = users.Count == 1 ? users[0] : $"{string.Join(", ", users[..^1])} and {users[^1]}";
                Report(fault, path, key, $"applies only to {named}, not to {fault.Action}");
            }
        }
    }

    private void CheckTarget(ScenarioFault fault, string path)
    {
        var written = TargetKeys.Where(k => map.IsWritten(fault, k)).ToList();
        var deviceLevel = ScenarioVocabulary.DeviceFaultActions.Contains(fault.Action);
        if (!deviceLevel)
        {
            foreach (var key in written.Where(k => k != "percent"))
            {
                Report(fault, path, key, $"applies only to {string.Join(" and ", ScenarioVocabulary.DeviceFaultActions)}; {fault.Action} hits the whole gateway");
            }

            CheckGatewayShare(fault, path);
            return;
        }

        if (written.Count > 1)
        {
            Report(fault, path, written[1], $"give one of device, target or percent, not {string.Join(" and ", written)}");
        }

        var target = fault.Target;
        if (target is { Kind: FaultTargetKind.Percent, Percent: { } percent } && percent is <= 0 or > 100)
        {
            Report(fault, path, "percent", $"must be more than 0 and at most 100, not {Text(percent)}");
        }

        if (target is { Kind: FaultTargetKind.Device, DeviceId: { } id } && Bound(fault, "device"))
        {
            CheckTargetDevice(fault, path, id);
        }
        else if (Bound(fault, "gateway") && GatewayCount(fault.Gateway) > 0 && !HasDevicesBehind(fault.Gateway))
        {
            Report(fault, path, "action", $"{fault.Action} hits a device's mapping, but no device sits behind {fault.Gateway}");
        }
    }

    /// <summary>percent on a gateway-level action: a share of a group's gateways, which a single gateway has no use for.</summary>
    private void CheckGatewayShare(ScenarioFault fault, string path)
    {
        if (fault.GatewayPercent is not { } percent)
        {
            return;
        }

        if (percent is <= 0 or > 100)
        {
            Report(fault, path, "percent", $"must be more than 0 and at most 100, not {Text(percent)}");
        }
        else if (Bound(fault, "gateway") && GatewayCount(fault.Gateway) == 1)
        {
            Report(fault, path, "percent", $"on {fault.Action} picks a share of a group's gateways, but '{fault.Gateway}' is a single gateway; "
                + $"leave percent out, or give percent to {string.Join(" or ", ScenarioVocabulary.DeviceFaultActions)} for a share of its devices");
        }
    }

    // Devices behind a gateway, or behind any member of a group: fleets name the group, listed devices a member.
    private bool HasDevicesBehind(string name)
    {
        var members = scenario.GatewaysNamed(name).ToHashSet(StringComparer.Ordinal);
        return scenario.Devices.Any(d => members.Contains(d.Gateway))
            || scenario.Fleets.Any(f => scenario.GatewaysNamed(f.Gateway).Any(members.Contains));
    }

    private void CheckTargetDevice(ScenarioFault fault, string path, string id)
    {
        var device = scenario.Devices.FirstOrDefault(d => d.Id == id);
        if (device is null)
        {
            var ids = scenario.Devices.Select(d => d.Id).ToList();
            var hint = NameSuggester.Suggest(id, ids) is { } near ? $"; did you mean '{near}'?" : ids.Count == 0 ? "" : $" (listed devices: {string.Join(", ", ids)})";
            Report(fault, path, "device", $"no listed device '{id}'{hint}");
        }
        else if (map.IsWritten(fault, "gateway") && Bound(fault, "gateway") && device.Gateway != fault.Gateway)
        {
            Report(fault, path, "device", $"'{id}' sits behind {device.Gateway}, not {fault.Gateway}");
        }
    }

    private void CheckReboot(ScenarioFault fault, string path, TimeSpan downtime)
    {
        var end = scenario.Duration;
        if (!DurationKnown || !Bound(fault, "downtime"))
        {
            return;
        }

        if (downtime >= end)
        {
            Report(fault, path, "downtime", $"{Text(downtime)} is not shorter than the scenario ({Text(end)})");
        }
        else if (fault.Schedule.At is { } at && at < end && at + downtime > end)
        {
            Report(fault, path, "downtime", $"the router would still be down when the scenario ends ({Text(at)} + {Text(downtime)} is after {Text(end)})");
        }
        else if (fault.Schedule.Every is { } every && every > TimeSpan.Zero && downtime >= every)
        {
            Report(fault, path, "downtime", $"{Text(downtime)} is not shorter than every ({Text(every)}); the router would reboot again while down");
        }
    }
}
