namespace IgdLab.Emulator.Reports;

/// <summary>An interval in which the oracle could not reach a device (scenario time; seconds in JSON).</summary>
/// <param name="Start">The fault that broke the device.</param>
/// <param name="End">The first successful oracle check after it; null when the device was never reachable again.</param>
public sealed record Outage(TimeSpan Start, TimeSpan? End);
