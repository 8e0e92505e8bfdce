namespace IgdLab.Emulator.Scenarios;

/// <summary>What a YAML file in a scenario folder holds.</summary>
internal enum LabFileKind
{
    /// <summary>A scenario: loaded by <see cref="ScenarioLoader"/>, run by <c>igdlab run</c>.</summary>
    Scenario,

    /// <summary>A router profile that scenarios next to it name by path; never run.</summary>
    Profile,
}
