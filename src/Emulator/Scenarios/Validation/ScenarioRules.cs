using System.Globalization;
using System.Text.RegularExpressions;
using IgdLab.Emulator.Scenarios.Binding;
using IgdLab.Emulator.Text;
using IgdLab.Emulator.World;

namespace IgdLab.Emulator.Scenarios.Validation;

/// <summary>
/// The checks on a bound scenario: ranges, references between gateways, devices and faults, and schedules that cannot
/// happen. Each problem is reported at the value's position; values that already failed binding are left alone.
/// </summary>
internal sealed partial class ScenarioRules(Scenario scenario, SourceMap map, DiagnosticCollector diagnostics)
{
    private const int MaxPort = 65535;

    private readonly HashSet<string> _gatewayIds = new(scenario.Gateways.Select(g => g.Id), StringComparer.Ordinal);

    // The names a reference may use: gateway ids and group names; the names as written list them in messages.
    private readonly HashSet<string> _groupNames = new(scenario.Gateways.Select(g => g.Group).OfType<string>(), StringComparer.Ordinal);
    private readonly List<string> _writtenNames = [.. scenario.Gateways.Select(g => g.Group ?? g.Id).Distinct(StringComparer.Ordinal)];

    public void Check()
    {
        CheckHeader();
        CheckGateways();
        CheckBackends();
        CheckLinks();
        CheckDevices();
        CheckWatchdog();
        for (var i = 0; i < scenario.Faults.Count; i++)
        {
            CheckFault(scenario.Faults[i], $"faults[{i}]");
        }

        CheckExpectations();
        CheckCompare();
    }

    /// <summary>The most devices a fleet may generate: the addresses a world on the scenario's network can hold.</summary>
    private int MaxFleetSize => AddressPlan.MaxHostsOn(scenario.Network);

    private bool DurationKnown => map.IsBound(scenario, "duration") && scenario.Duration > TimeSpan.Zero;

    private static string Text(TimeSpan duration) => DurationText.Format(duration);

    private static string Text(double number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reports at <paramref name="key"/>'s value (or the owner's mapping when the key was not written).</summary>
    private void Report(object owner, string fallbackPath, string? key, string message)
    {
        var path = map.PathOf(owner, fallbackPath);
        var where = key is null ? path : MappingReader.Join(path, key);
        diagnostics.Add(map.Position(owner, key), where.Length == 0 ? message : $"{where}: {message}");
    }

    private bool Bound(object owner, string key) => map.IsBound(owner, key);

    private void CheckHeader()
    {
        if (Bound(scenario, "name") && string.IsNullOrWhiteSpace(scenario.Name))
        {
            Report(scenario, "", "name", "must not be empty");
        }
        else if (scenario.Name.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            Report(scenario, "", "name", "must be one line (it names the scenario in reports)");
        }

        if (scenario.Seed < 0)
        {
            Report(scenario, "", "seed", $"must be 0 or more, not {scenario.Seed}");
        }

        if (Bound(scenario, "duration") && scenario.Duration <= TimeSpan.Zero)
        {
            Report(scenario, "", "duration", "must be longer than 0");
        }

        if (!(scenario.TimeScale > 0) || !double.IsFinite(scenario.TimeScale))
        {
            Report(scenario, "", "timeScale", $"must be more than 0, not {Text(scenario.TimeScale)}");
        }
    }

    private void CheckGateways()
    {
        if (Bound(scenario, "gateways") && scenario.Gateways.Count == 0)
        {
            Report(scenario, "", "gateways", "at least one gateway is needed");
        }

        var seen = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var name in _groupNames)
        {
            // A group's name is what devices and faults write; no gateway may have it as its id.
            seen[name] = scenario.Gateways.First(g => g.Group == name);
        }

        // The members of one entry share its position: report a group's first problem, not one per member.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Gateways.Count; i++)
        {
            var gateway = scenario.Gateways[i];
            if (gateway.Group is not { } group)
            {
                CheckId(gateway, $"gateways[{i}]", gateway.Id, seen);
                continue;
            }

            if (!reported.Contains(group) && Bound(gateway, "id") && !IdRegex().IsMatch(group))
            {
                Report(gateway, $"gateways[{i}]", "id", $"'{group}' may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit");
                reported.Add(group);
            }

            if (!reported.Contains(group) && seen.TryGetValue(gateway.Id, out var clash))
            {
                var line = map.Position(clash, "id");
                var at = line.IsKnown ? $" (line {line.Line})" : "";
                Report(gateway, $"gateways[{i}]", "id", $"group '{group}' makes member '{gateway.Id}', which another gateway already has{at}");
                reported.Add(group);
            }

            seen.TryAdd(gateway.Id, gateway);
        }
    }

    private void CheckId(object owner, string fallbackPath, string id, Dictionary<string, object> seen)
    {
        if (!Bound(owner, "id"))
        {
            return;
        }

        if (!IdRegex().IsMatch(id))
        {
            Report(owner, fallbackPath, "id", $"'{id}' may hold only letters, digits, '.', '_' and '-', and starts with a letter or digit");
        }
        else if (seen.TryGetValue(id, out var first))
        {
            var line = map.Position(first, "id");
            var member = first switch
            {
                ScenarioGateway { Group: { } group } when group == id => ", the name of a group",
                ScenarioGateway { Group: { } group } => $", a member of group '{group}'",
                _ => "",
            };
            Report(owner, fallbackPath, "id", line.IsKnown ? $"duplicate id '{id}' (first at line {line.Line}{member})" : $"duplicate id '{id}'");
        }
        else
        {
            seen.Add(id, owner);
        }
    }

    private void CheckGatewayReference(object owner, string fallbackPath, string gateway)
    {
        // A gateway a fault took from its device was checked at the device.
        var inferred = map.Contains(owner) && !map.IsWritten(owner, "gateway");
        if (inferred || !Bound(owner, "gateway") || gateway.Length == 0 || _gatewayIds.Contains(gateway) || _groupNames.Contains(gateway))
        {
            return;
        }

        // Suggest a name as written first; a near member id ("home-01") only when no such name is near.
        var hint = (NameSuggester.Suggest(gateway, _writtenNames) ?? NameSuggester.Suggest(gateway, _gatewayIds)) is { } near
            ? $"; did you mean '{near}'?"
            : _writtenNames.Count == 0 ? "" : $" (gateways: {string.Join(", ", _writtenNames)})";
        Report(owner, fallbackPath, "gateway", $"no gateway '{gateway}' is defined{hint}");
    }

    /// <summary>How many gateways <paramref name="name"/> means: a group's member count, 1 for a gateway, 0 for neither.</summary>
    private int GatewayCount(string name) => scenario.GatewaysNamed(name).Count;

    private void CheckPositive(object owner, string fallbackPath, string key, TimeSpan? value)
    {
        if (value <= TimeSpan.Zero)
        {
            Report(owner, fallbackPath, key, "must be longer than 0");
        }
    }

    private void CheckAtLeast(object owner, string fallbackPath, string key, int? value, int minimum)
    {
        if (value < minimum)
        {
            Report(owner, fallbackPath, key, minimum == 0 ? $"must be 0 or more, not {value}" : $"must be at least {minimum}, not {value}");
        }
    }

    private void CheckPort(object owner, string fallbackPath, string key, int? port)
    {
        if (port is < 1 or > MaxPort)
        {
            Report(owner, fallbackPath, key, $"must be from 1 to {MaxPort}, not {port}");
        }
    }

    [GeneratedRegex(ScenarioVocabulary.IdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
