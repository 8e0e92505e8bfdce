namespace IgdLab.Emulator.Reports;

/// <summary>How a scenario (or one strategy variant of it) ended.</summary>
public enum ScenarioVerdict
{
    /// <summary>It ran to the end and met every expectation.</summary>
    Passed,

    /// <summary>It ran to the end and missed at least one expectation.</summary>
    Failed,

    /// <summary>The testbed itself failed (a listener could not bind, a timeout, an exception), so nothing was measured reliably.</summary>
    Error,

    /// <summary>It was not run because this host lacks something it needs (root, namespaces, the real daemon); nothing was measured.</summary>
    Skipped,
}
