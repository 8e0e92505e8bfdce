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
    private const int MaxFleetSize = AddressPlan.MaxHosts;

    private readonly HashSet<string> _gatewayIds = new(scenario.Gateways.Select(g => g.Id), StringComparer.Ordinal);

    public void Check()
    {
        CheckHeader();
        CheckGateways();
        CheckBackends();
        CheckDevices();
        CheckWatchdog();
        for (var i = 0; i < scenario.Faults.Count; i++)
        {
            CheckFault(scenario.Faults[i], $"faults[{i}]");
        }

        CheckExpectations();
        CheckCompare();
    }

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
        for (var i = 0; i < scenario.Gateways.Count; i++)
        {
            var gateway = scenario.Gateways[i];
            CheckId(gateway, $"gateways[{i}]", gateway.Id, seen);
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
            Report(owner, fallbackPath, "id", line.IsKnown ? $"duplicate id '{id}' (first at line {line.Line})" : $"duplicate id '{id}'");
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
        if (inferred || !Bound(owner, "gateway") || gateway.Length == 0 || _gatewayIds.Contains(gateway))
        {
            return;
        }

        var hint = NameSuggester.Suggest(gateway, _gatewayIds) is { } near
            ? $"; did you mean '{near}'?"
            : _gatewayIds.Count == 0 ? "" : $" (gateways: {string.Join(", ", _gatewayIds)})";
        Report(owner, fallbackPath, "gateway", $"no gateway '{gateway}' is defined{hint}");
    }

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
