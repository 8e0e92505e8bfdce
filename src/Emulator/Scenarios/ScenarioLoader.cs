using System.Text;
using IgdLab.Emulator.Scenarios.Binding;
using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// Loads scenario files: YAML into a position-aware tree, the tree into <see cref="Scenario"/> records, then
/// <see cref="ScenarioValidator"/>. Every problem comes back at once as a <see cref="ScenarioDiagnostic"/>; bad input
/// never throws.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads the file at <paramref name="path"/>; diagnostics name the path as given.</summary>
    public static ScenarioLoadResult LoadFile(string path) => LoadFile(path, YamlLimits.Default);

    /// <summary>
    /// Loads scenario text. <paramref name="source"/> names it in diagnostics; profile files are looked for relative to
    /// <paramref name="baseDirectory"/> (the current directory when null).
    /// </summary>
    public static ScenarioLoadResult Parse(string text, string source, string? baseDirectory = null) =>
        Parse(text, source, baseDirectory, YamlLimits.Default);

    internal static ScenarioLoadResult LoadFile(string path, YamlLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        string text;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return Failed(path, "no such file");
            }

            if (file.Length > limits.MaxBytes)
            {
                return Failed(path, $"the file is {file.Length} bytes; a scenario file may be at most {limits.MaxBytes} bytes");
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"cannot read the file: {ex.Message}");
        }

        return Parse(text, path, directory, limits);
    }

    internal static ScenarioLoadResult Parse(string text, string source, string? baseDirectory, YamlLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > limits.MaxBytes && Encoding.UTF8.GetByteCount(text) > limits.MaxBytes)
        {
            return Failed(source, $"the text is {Encoding.UTF8.GetByteCount(text)} bytes; a scenario may be at most {limits.MaxBytes} bytes");
        }

        var diagnostics = new DiagnosticCollector(source);
        var root = SourceTreeReader.Read(text, diagnostics, limits);
        if (root is null)
        {
            return new ScenarioLoadResult(source, null, diagnostics.Sorted());
        }

        var map = new SourceMap();
        var scenario = new ScenarioBinder(new BindingContext(diagnostics, map, baseDirectory ?? Directory.GetCurrentDirectory()), limits).Bind(root);
        if (scenario is not null)
        {
            ScenarioValidator.Validate(scenario, map, diagnostics);
        }

        return new ScenarioLoadResult(source, diagnostics.Count == 0 ? scenario : null, diagnostics.Sorted());
    }

    // Problems of the file as a whole have no line and column.
    private static ScenarioLoadResult Failed(string source, string message) =>
        new(source, null, [new ScenarioDiagnostic(source, 0, 0, message)]);
}
