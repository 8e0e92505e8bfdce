namespace IgdLab.Emulator.Reports;

/// <summary>
/// A close-up around one fault (or several that overlap): from a little before it to a little after the last device
/// it broke was restored — or to the end when one never was — with times told relative to the first fault.
/// </summary>
/// <param name="Faults">The indexes in <see cref="ScenarioReport.Faults"/> of the faults it shows, in time order.</param>
/// <param name="Start">The window's left edge.</param>
/// <param name="End">The window's right edge.</param>
internal sealed record FaultWindow(IReadOnlyList<int> Faults, TimeSpan Start, TimeSpan End)
{
    /// <summary>More close-ups than this would bury the page; the ones with never-restored and the slowest incidents win.</summary>
    public const int MaxWindows = 8;

    private static readonly TimeSpan NothingBroke = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinMargin = TimeSpan.FromMilliseconds(50);

    /// <summary>The close-ups of <paramref name="scenario"/>'s faults, at most <see cref="MaxWindows"/>, in time order.</summary>
    public static IReadOnlyList<FaultWindow> For(ScenarioReport scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var end = SvgTimeline.Latest(scenario);
        var groups = new List<(List<int> Faults, TimeSpan Start, TimeSpan Until, bool Unrestored, TimeSpan Slowest)>();
        foreach (var index in Enumerable.Range(0, scenario.Faults.Count).OrderBy(i => scenario.Faults[i].At))
        {
            var fault = scenario.Faults[index];
            var incidents = scenario.Devices.SelectMany(d => d.Incidents).Where(i => i.Fault == index).ToList();
            var downtimes = scenario.Gateways.Where(g => g.Gateway == fault.Gateway).SelectMany(g => g.Downtimes)
                .Where(d => (d.Start - fault.At).Duration() <= MinMargin).ToList();
            var until = incidents.Select(i => i.Restored ?? end)
                .Concat(downtimes.Select(d => d.End ?? end))
                .DefaultIfEmpty(fault.At + NothingBroke)
                .Max();
            var unrestored = incidents.Any(i => i.Restored is null);
            var slowest = incidents.Select(i => (i.Restored ?? end) - i.Start).DefaultIfEmpty(TimeSpan.Zero).Max();
            if (groups.Count > 0 && fault.At <= groups[^1].Until)
            {
                var last = groups[^1];
                last.Faults.Add(index);
                groups[^1] = (last.Faults, last.Start, Max(last.Until, until), last.Unrestored || unrestored, Max(last.Slowest, slowest));
            }
            else
            {
                groups.Add(([index], fault.At, until, unrestored, slowest));
            }
        }

        return
        [
            .. groups
                .OrderByDescending(g => g.Unrestored).ThenByDescending(g => g.Slowest).ThenBy(g => g.Start)
                .Take(MaxWindows)
                .OrderBy(g => g.Start)
                .Select(g =>
                {
                    var margin = Max(MinMargin, (g.Until - g.Start) / 10);
                    return new FaultWindow(g.Faults, g.Start - margin, Min(g.Until + margin, end));
                }),
        ];
    }

    /// <summary>How many fault groups <see cref="For"/> left without a close-up.</summary>
    public static int Left(ScenarioReport scenario, IReadOnlyList<FaultWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(windows);
        return scenario.Faults.Count - windows.Sum(w => w.Faults.Count);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
