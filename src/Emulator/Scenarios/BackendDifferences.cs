using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.Emulator.Scenarios;

/// <summary>What a reader of a real-router run should know: where miniupnpd does not behave as the gateway's profile says.</summary>
internal static class BackendDifferences
{
    /// <summary>
    /// One line per gateway played by miniupnpd whose profile asks for something the daemon cannot be configured to
    /// do, and one when an expectation cannot be measured there: the daemon's returns (reboot completed, UPnP back on)
    /// are not in the run's timeline, so restore-after-return has nothing to count from.
    /// </summary>
    /// <param name="scenario">The scenario as it runs (its gateways' backends already chosen).</param>
    /// <param name="expect">The expectations the run is judged by (a variant's, where it has its own).</param>
    /// <returns>The lines; empty when every gateway is virtual or the daemon follows its profile.</returns>
    public static IReadOnlyList<string> Of(Scenario scenario, ScenarioExpectations? expect = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var unmeasured = expect?.RestoreAfterReturn is not null && scenario.Gateways.Any(g => g.Backend == GatewayBackend.Miniupnpd)
            ? new[] { "restoreAfterReturn is not measured on backend miniupnpd (the daemon's returns are not in the timeline yet), so that expectation was judged on nothing" }
            : [];
        return [.. unmeasured, .. scenario.Gateways
            .Where(g => g.Backend == GatewayBackend.Miniupnpd)
            .Select(g => (Gateway: g, Differences: MiniupnpdSettings.Differences(g.Profile)))
            .Where(g => g.Differences.Count > 0)
            .Select(g => $"gateway '{g.Gateway.Id}' is played by miniupnpd, which differs from profile '{g.Gateway.ProfileReference}' where no setting of the daemon reaches: "
                + string.Join(", ", g.Differences))];
    }
}
