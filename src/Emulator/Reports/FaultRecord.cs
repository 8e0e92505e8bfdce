namespace IgdLab.Emulator.Reports;

/// <summary>One injected fault (scenario time; seconds in JSON).</summary>
/// <param name="At">When it was injected.</param>
/// <param name="Action">The fault action as in scenario files, e.g. <c>drop-mapping</c>, <c>reboot</c>.</param>
/// <param name="Gateway">The gateway it hit; null when it targeted no gateway.</param>
/// <param name="Devices">The ids of the devices it affected (empty when none or unknown).</param>
/// <param name="Detail">Its parameters in words, e.g. <c>downtime 5s, new WAN IP</c>; null when none.</param>
public sealed record FaultRecord(TimeSpan At, string Action, string? Gateway, IReadOnlyList<string> Devices, string? Detail);
