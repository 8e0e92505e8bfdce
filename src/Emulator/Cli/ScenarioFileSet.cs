using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary>The files named on a command line, loaded: the valid scenarios, how many valid profiles, how many invalid.</summary>
/// <param name="Scenarios">The valid scenarios with their files, in file order.</param>
/// <param name="Profiles">How many router profile files were checked and found valid (only when validating).</param>
/// <param name="Invalid">How many paths or files were invalid.</param>
internal sealed record ScenarioFileSet(IReadOnlyList<(string File, Scenario Scenario)> Scenarios, int Profiles, int Invalid)
{
    /// <summary>How many files were valid, scenarios and profiles together.</summary>
    public int Valid => Scenarios.Count + Profiles;
}
