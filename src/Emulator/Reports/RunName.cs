namespace IgdLab.Emulator.Reports;

/// <summary>How one run of a scenario is named everywhere (progress, summary, JUnit, HTML): its variant and backend added.</summary>
internal static class RunName
{
    /// <summary><c>name</c>, <c>name [variant]</c>, <c>name on backend</c> or <c>name [variant] on backend</c>.</summary>
    public static string Of(string name, string? variant, string? backend) =>
        name + (variant is null ? "" : $" [{variant}]") + (backend is null ? "" : $" on {backend}");
}
