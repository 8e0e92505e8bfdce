namespace IgdLab.Emulator.Scenarios.Validation;

/// <summary>The expectations: positive limits, and percentiles that do not contradict each other.</summary>
internal sealed partial class ScenarioRules
{
    private void CheckExpectations()
    {
        CheckExpectations(scenario.Expect, "expect");
        for (var i = 0; i < scenario.Compare.Count; i++)
        {
            if (scenario.Compare[i].Expect is { } own)
            {
                CheckExpectations(own, $"compare[{i}].expect");
            }
        }
    }

    private void CheckExpectations(ScenarioExpectations expect, string path)
    {
        CheckLatency(expect.RemapLatency, path + ".remapLatency");
        CheckLatency(expect.DetectionLatency, path + ".detectionLatency");
        CheckLatency(expect.RestoreAfterReturn, path + ".restoreAfterReturn");
        CheckPositive(expect, path, "maxOutage", expect.MaxOutage);
        CheckAtLeast(expect, path, "falseRemaps", expect.FalseRemaps, 0);
        CheckAtLeast(expect, path, "leakedMappings", expect.LeakedMappings, 0);
        CheckAtLeast(expect, path, "maxInstructionsPerFault", expect.MaxInstructionsPerFault, 1);
    }

    private void CheckLatency(LatencyLimits? limits, string path)
    {
        if (limits is null)
        {
            return;
        }

        var written = 0;
        (string Name, TimeSpan Limit)? previous = null;
        foreach (var (name, limit) in limits.InOrder())
        {
            written += map.IsWritten(limits, name) ? 1 : 0;
            if (limit is not { } value)
            {
                continue;
            }

            if (value <= TimeSpan.Zero)
            {
                Report(limits, path, name, "must be longer than 0");
            }
            else if (previous is { } lower && value < lower.Limit)
            {
                Report(limits, path, name, $"{Text(value)} is below {lower.Name} ({Text(lower.Limit)}); a higher percentile cannot have a lower limit");
            }

            previous = (name, value);
        }

        if (written == 0 && limits == new LatencyLimits())
        {
            Report(limits, path, null, "sets no limit; give p50, p95, p99 or max");
        }
    }
}
