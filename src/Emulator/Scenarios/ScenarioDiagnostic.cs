namespace IgdLab.Emulator.Scenarios;

/// <summary>One problem in a scenario file, at a one-based line and column (0 when it has no place in a file).</summary>
public sealed record ScenarioDiagnostic(string Source, int Line, int Column, string Message)
{
    /// <summary>The compiler-style line <c>file:line:column: error: message</c> that editors and CI logs link to.</summary>
    public override string ToString() =>
        Line > 0 ? $"{Source}:{Line}:{Column}: error: {Message}" : $"{Source}: error: {Message}";
}
