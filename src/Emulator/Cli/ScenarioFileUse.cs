namespace IgdLab.Emulator.Cli;

/// <summary>What the files named on a command line are loaded for; it decides what becomes of router profile files.</summary>
internal enum ScenarioFileUse
{
    /// <summary><c>igdlab run</c>: profile files in folders are left to the scenarios that name them; one named directly is an error.</summary>
    Run,

    /// <summary><c>igdlab validate</c>: profile files are checked as profiles, and every valid file is listed with what it is.</summary>
    Validate,
}
