using System.CommandLine;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary><c>igdlab validate PATH...</c>: checks scenario files and prints every problem as <c>file:line:column: error: message</c>.</summary>
internal static class ValidateCommand
{
    private static readonly string[] Extensions = [".yaml", ".yml"];

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Scenario files, or folders searched recursively for *.yaml and *.yml",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check scenario files; every problem with file:line:column") { paths };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return Run(result.GetValue(paths) ?? [], Console.Out);
            }
            catch (Exception ex)
            {
                // A bug of ours, not of the file: exit 3 with one line, never a stack trace.
                await Console.Error.WriteLineAsync($"igdlab validate: unexpected error: {ex.GetType().Name}: {ex.Message}");
                return ExitCodes.TestbedError;
            }
        });
        return command;
    }

    /// <summary>Validates every scenario under <paramref name="paths"/>, writes the problems and the tally, returns the exit code.</summary>
    internal static int Run(IReadOnlyList<string> paths, TextWriter output)
    {
        var valid = 0;
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
                if (result.IsValid)
                {
                    valid++;
                    continue;
                }

                invalid++;
                foreach (var diagnostic in result.Diagnostics)
                {
                    output.WriteLine(diagnostic);
                }
            }
        }

        output.WriteLine($"{valid} valid, {invalid} invalid");
        return invalid == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
    }

    internal static List<string> Files(string path) =>
        File.Exists(path)
            ? [path]
            : [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
}
