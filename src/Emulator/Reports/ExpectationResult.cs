namespace IgdLab.Emulator.Reports;

/// <summary>One checked expectation of a scenario.</summary>
/// <param name="Name">What was checked, e.g. <c>remapLatency.p95</c>, <c>allReachableAtEnd</c>.</param>
/// <param name="Limit">The limit as written in the scenario, e.g. <c>2s</c>, <c>0</c>, <c>true</c>.</param>
/// <param name="Measured">What the oracle measured, e.g. <c>2.314s</c>.</param>
/// <param name="Passed">Whether the measured value is within the limit.</param>
/// <param name="Message">One sentence naming the expectation, the measured value and the limit, e.g. <c>remapLatency.p95 was 2.314s, limit 2s</c>.</param>
public sealed record ExpectationResult(string Name, string Limit, string Measured, bool Passed, string Message)
{
    /// <summary>A result with the standard message <c>NAME was MEASURED, limit LIMIT</c>.</summary>
    public static ExpectationResult Create(string name, string limit, string measured, bool passed) =>
        new(name, limit, measured, passed, $"{name} was {measured}, limit {limit}");
}
