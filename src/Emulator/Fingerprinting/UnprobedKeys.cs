namespace IgdLab.Emulator.Fingerprinting;

/// <summary>Profile keys that no safe, quick probe can observe, with why; the draft keeps their defaults.</summary>
internal static class UnprobedKeys
{
    private const string WanChange = "needs a WAN change or reboot";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["maxMappings"] = "filling the table would disturb the router",
        ["reboot.keepTable"] = "needs a reboot",
        ["reboot.newHttpPort"] = "needs a reboot",
        ["closedPorts"] = "needs traffic from the WAN side",
        ["idleCleanup"] = "needs watching the table for 10 minutes or more",
        ["portControl.minLifetimeSeconds"] = "NAT-PMP/PCP mappings are not probed",
        ["portControl.maxLifetimeSeconds"] = "NAT-PMP/PCP mappings are not probed",
        ["portControl.announce"] = WanChange,
        ["portControl.epochNotReset"] = WanChange,
        ["portControl.peer"] = "PCP PEER is not probed",
        ["portControl.thirdParty"] = "PCP THIRD_PARTY is not probed",
        ["portControl.announceClientWindowSeconds"] = WanChange,
        ["discovery.notifyIntervalSeconds"] = "needs listening to multicast NOTIFYs",
        ["soap.singlePacketRequest"] = "not probed",
        ["soap.wanFlap501Seconds"] = WanChange,
        ["gena.fullSet"] = "GENA is not probed",
        ["wanChange.keepMappings"] = WanChange,
        ["wanChange.evented"] = WanChange,
        ["staleRuleCache"] = "needs the router's rules flushed",
        ["zombieAfterSeconds"] = "needs hours of forwarded traffic",
    };
}
