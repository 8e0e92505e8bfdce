using System.CommandLine;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// The <c>igdlab</c> command tree and the one place its command lines are checked: every problem is reported in the
/// user's words (<see cref="CommandLineProblems"/>) with exit code 2 before any command runs, and a command group
/// given without its subcommand (bare <c>igdlab</c>) prints its help.
/// </summary>
internal static class IgdlabCommandLine
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("IgdLab: a testbed for UPnP port mapping")
        {
            RunCommand.Create(),
            ServeCommand.Create(),
            ProfilesCommand.Create(),
            UpnpCommand.Create(),
            PortControlCommand.CreateNatPmp(),
            PortControlCommand.CreatePcp(),
            ValidateCommand.Create(),
            DeviceCommand.Create(),
            ProberCommand.Create(),
        };
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, reports what is wrong with them or runs the command; returns the exit code.</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = Create();
        var parsed = root.Parse(args);
        if (parsed.Action is { ClearsParseErrors: true })
        {
            // --help and --version answer whatever else is on the line.
            return await parsed.InvokeAsync();
        }

        if (CommandLineProblems.OnlyLacksSubcommand(parsed))
        {
            await root.Parse([.. args, "--help"]).InvokeAsync();
            return ExitCodes.InvalidInput;
        }

        var problems = CommandLineProblems.Describe(parsed);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync(problem);
            }

            return ExitCodes.InvalidInput;
        }

        return await parsed.InvokeAsync();
    }
}
