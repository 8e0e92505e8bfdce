using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>
/// One firing of a scheduled fault on one gateway, with its time and devices fixed in advance from the seed. An entry
/// naming a group of gateways fires as one of these per member it hits.
/// </summary>
/// <param name="At">When it fires, in scenario time since the start (jitter included).</param>
/// <param name="Entry">The index of its entry in the scenario's fault list.</param>
/// <param name="Fault">The entry.</param>
/// <param name="Gateway">The id of the gateway it happens on: the entry's, or a member of the entry's group.</param>
/// <param name="Devices">For device-level actions, the devices whose mappings it hits; empty for gateway-level actions.</param>
/// <param name="Draw">
/// For kill-prober and restart-prober without an instance: a number in [0, 1) drawn from the seed that picks among the
/// instances running when it fires.
/// </param>
public sealed record PlannedFault(TimeSpan At, int Entry, ScenarioFault Fault, string Gateway, IReadOnlyList<string> Devices, double Draw = 0);
