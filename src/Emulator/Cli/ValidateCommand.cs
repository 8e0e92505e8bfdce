using System.CommandLine;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>igdlab validate PATH...</c>: checks scenario and router profile files, names each valid one with what it is and
/// prints every problem as <c>file:line:column: error: message</c>.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Scenario or router profile files, or folders searched recursively for *.yaml and *.yml",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check scenario and router profile files; every problem with file:line:column") { paths };
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

    /// <summary>Validates every scenario and profile file under <paramref name="paths"/>, writes what each is or its problems and the tally, returns the exit code.</summary>
    internal static int Run(IReadOnlyList<string> paths, TextWriter output)
    {
        var files = ScenarioFiles.Load(paths, output, ScenarioFileUse.Validate);
        output.WriteLine($"{files.Valid} valid, {files.Invalid} invalid");
        return files.Invalid == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
