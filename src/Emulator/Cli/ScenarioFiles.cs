using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// The scenario files named on a command line (files, or folders searched for <c>*.yaml</c> and <c>*.yml</c>), loaded
/// and validated; each problem is written as <c>file:line:column: error: message</c>. Shared by <c>validate</c> and <c>run</c>.
/// </summary>
internal static class ScenarioFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml"];

    /// <summary>Loads every file under <paramref name="paths"/>, writing the problems of the invalid ones to <paramref name="output"/>.</summary>
    /// <returns>The valid scenarios with their files, and how many paths or files were invalid.</returns>
    public static (List<(string File, Scenario Scenario)> Valid, int Invalid) Load(IReadOnlyList<string> paths, TextWriter output)
    {
        var valid = new List<(string, Scenario)>();
        var invalid = 0;
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                output.WriteLine(new ScenarioDiagnostic(path, 0, 0, "no such file or folder"));
                invalid++;
                continue;
            }

            var files = Files(path);
            if (files.Count == 0)
            {
                output.WriteLine(new ScenarioDiagnostic(path, 0, 0, "no scenario files (*.yaml, *.yml) in this folder"));
                invalid++;
            }

            foreach (var file in files)
            {
                var result = ScenarioLoader.LoadFile(file);
                if (result.IsValid && result.Scenario is { } scenario)
                {
                    valid.Add((file, scenario));
                    continue;
                }

                invalid++;
                foreach (var diagnostic in result.Diagnostics)
                {
                    output.WriteLine(diagnostic);
                }
            }
        }

        return (valid, invalid);
    }

    private static List<string> Files(string path) =>
        File.Exists(path)
            ? [path]
            : [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
}
