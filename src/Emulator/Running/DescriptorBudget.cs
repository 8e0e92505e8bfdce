using System.Globalization;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The file descriptors a world holds at once, against what this process may open. A world that cannot fit fails
/// before set-up with both numbers, instead of part-way through with "Too many open files".
/// </summary>
internal static class DescriptorBudget
{
    // Measured on virtual gateways: a world of 10,000 devices behind 91 gateways held about 10,600 descriptors once set up
    // (each device's WAN port; its LAN service lives in memory), and bursts add up to ~3,000: in-flight probes (512, two
    // sockets each), oracle checks (256, two each), set-up and rediscovery after a regional reboot.
    private const int Bursts = 3000;

    // A virtual gateway's own: HTTP listeners, SSDP, NAT-PMP/PCP and control sockets.
    private const int PerGateway = 8;

    // Behind miniupnpd a device listens on the kernel in its namespace and keeps a few sockets of its own.
    private const int PerDeviceBehindMiniupnpd = 4;

    // On the simulated network a world's traffic is in memory: what is left is the process's own (the runtime, logs,
    // a report file) and the odd connection to an endpoint nothing in the world offers.
    private const int Simulated = 200;

    /// <summary>About how many descriptors <paramref name="scenario"/>'s world holds at its busiest.</summary>
    public static long Needed(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Network == WorldNetwork.Simulated)
        {
            return Simulated;
        }

        var perDevice = scenario.Gateways.Any(g => g.Backend == GatewayBackend.Miniupnpd) ? PerDeviceBehindMiniupnpd : 1;
        return (perDevice * (long)scenario.DeviceCount) + (PerGateway * (long)scenario.Gateways.Count) + Bursts;
    }

    /// <summary>The open-files limit of this process (Linux), or null where it cannot be read.</summary>
    public static long? ProcessLimit(string limitsFile = "/proc/self/limits")
    {
        if (!File.Exists(limitsFile))
        {
            return null;
        }

        // "Max open files            20000                20000                files"
        var line = File.ReadLines(limitsFile).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }

    /// <summary>Throws when <paramref name="scenario"/>'s world cannot fit <paramref name="limit"/> descriptors.</summary>
    /// <exception cref="TestbedException">It cannot.</exception>
    public static void Check(Scenario scenario, long? limit)
    {
        var needed = Needed(scenario);
        if (limit is { } allowed && needed > allowed)
        {
            throw new TestbedException(string.Create(CultureInfo.InvariantCulture,
                $"the world needs about {needed:N0} file descriptors at once ({scenario.DeviceCount:N0} devices behind {scenario.Gateways.Count:N0} gateways, with room for probes, checks and rediscovery) and this process may open {allowed:N0} (ulimit -n): raise the limit or split the fleet over several scenarios"));
        }
    }
}
