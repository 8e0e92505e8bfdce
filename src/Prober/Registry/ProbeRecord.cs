using System.Text.Json.Serialization;
using IgdLab.Contracts;

namespace IgdLab.Prober.Registry;

/// <summary>One probe as the registry keeps it.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="At">When it ended.</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="Detail">What happened, for people.</param>
/// <param name="AnsweredBy">The device id that answered, when one did.</param>
public sealed record ProbeRecord(
    ProbeOutcome Outcome,
    DateTimeOffset At,
    [property: JsonPropertyName("elapsedMs")] TimeSpan Elapsed,
    string Detail,
    string? AnsweredBy);
