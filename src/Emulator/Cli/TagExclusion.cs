namespace IgdLab.Emulator.Cli;

/// <summary>Why a scenario was left out by its tags, and what would play it; runs group left-out scenarios by it.</summary>
/// <param name="What">What the left-out scenarios are: <c>tagged slow</c>.</param>
/// <param name="HowToPlay">What would play them, ending in "to play": <c>add --tag slow to play</c>.</param>
internal sealed record TagExclusion(string What, string HowToPlay);
